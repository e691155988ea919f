/**
 * Reads content/ from disk into raw entries for the content check and the editor's commands
 * (check, new), and answers the check's questions about files next to an entry. Parsing is pure
 * (parseEntry); this file only reads.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { checkPublication } from './check.ts';
import { parseEntry } from './parse-entry.ts';
import type { ContentProblem } from './problems.ts';
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

/** The size in bytes of a file written in a content file, resolved next to it; undefined when it is missing. */
export function fileSizeOnDisk(rootDir: string) {
  return (file: string, path: string) => {
    const full = join(rootDir, dirname(file), path);
    return existsSync(full) ? statSync(full).size : undefined;
  };
}

/** Reads content/ under `rootDir` and checks it: the content and every error and warning. */
export function checkContentOnDisk(rootDir: string, publicationTitle: string): { content: RawContent; problems: ContentProblem[] } {
  const content = readContent(rootDir);
  const problems = checkPublication(content, { imageExists: imageExistsOnDisk(rootDir), fileSize: fileSizeOnDisk(rootDir), publicationTitle });
  return { content, problems };
}
