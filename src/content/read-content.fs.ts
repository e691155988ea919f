/**
 * Reads content/ from disk into raw entries for the standalone validator.
 * The only file in src/content that touches the filesystem.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import matter from 'gray-matter';
import { load as parseYaml } from 'js-yaml';
import { entryId } from './ids.ts';
import type { RawContent, RawEntry } from './validate.ts';

/** Reads every tip, issue and author under `contentDir`; paths in the result are relative to `rootDir`. */
export function readContent(rootDir: string, contentDir = join(rootDir, 'content')): RawContent {
  const read = (folder: string, extensions: RegExp, parse: (text: string) => { data: unknown; body?: string }): RawEntry[] => {
    const dir = join(contentDir, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => extensions.test(name) && !name.startsWith('_'))
      .sort()
      .map((name) => {
        const path = join(dir, name);
        const file = relative(rootDir, path);
        try {
          const source = readFileSync(path, 'utf8');
          return { file, id: entryId(name), source, ...parse(source) };
        } catch (error) {
          return { file, id: entryId(name), data: undefined, unreadable: (error as Error).message };
        }
      });
  };
  const frontmatter = (text: string) => {
    const { data, content } = matter(text);
    return { data, body: content };
  };
  return {
    tips: read('tips', /\.mdx?$/, frontmatter),
    issues: read('issues', /\.mdx?$/, frontmatter),
    authors: read('authors', /\.(ya?ml|json)$/, (text) => ({ data: parseYaml(text) })),
  };
}

/** Whether an image path written in a content file exists next to it. */
export function imageExistsOnDisk(rootDir: string) {
  return (file: string, imagePath: string) => existsSync(join(rootDir, dirname(file), imagePath));
}
