/**
 * Reads content/ from disk into raw entries for the standalone validator and the
 * editor's commands (check, new). Parsing is pure (parseEntry); this file only reads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseEntry } from './parse-entry.ts';
import type { RawContent, RawEntry } from './raw.ts';

/** Reads every tip, issue and author under `contentDir`; paths in the result are relative to `rootDir`. */
export function readContent(rootDir: string, contentDir = join(rootDir, 'content')): RawContent {
  const read = (folder: string, extensions: RegExp): RawEntry[] => {
    const dir = join(contentDir, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((name) => extensions.test(name) && !name.startsWith('_'))
      .sort()
      .map((name) => parseEntry(relative(rootDir, join(dir, name)), readFileSync(join(dir, name))));
  };
  return {
    tips: read('tips', /\.mdx?$/),
    issues: read('issues', /\.mdx?$/),
    authors: read('authors', /\.(ya?ml|json)$/),
  };
}

/** Whether an image path written in a content file exists next to it. */
export function imageExistsOnDisk(rootDir: string) {
  return (file: string, imagePath: string) => existsSync(join(rootDir, dirname(file), imagePath));
}
