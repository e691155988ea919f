/**
 * A tip's hero picture for its card. Astro hands pages the hero as a URL of its own build
 * output, so the card reads the file the editor named in the tip's frontmatter (`hero:`,
 * relative to the tip's file), the same file Astro read.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseEntry } from '../content/parse-entry.ts';
import type { CardPicture } from './card.ts';

/** `filePath` as Astro gives it (from the project's root, e.g. content/tips/x.mdx); `root` the project's folder. */
export function heroPicture(filePath: string | undefined, root: string): CardPicture | undefined {
  if (!filePath) return undefined;
  const tipFile = resolve(root, filePath);
  const { data } = parseEntry(filePath, readFileSync(tipFile));
  const hero = (data as { hero?: unknown } | undefined)?.hero;
  if (typeof hero !== 'string') return undefined;
  const file = resolve(dirname(tipFile), hero);
  return { file, digest: createHash('sha256').update(readFileSync(file)).digest('hex') };
}
