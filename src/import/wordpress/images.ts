/**
 * Pictures of a post: an address under the old site's /wp-content/uploads/ is looked up in the
 * uploads folder given with --uploads (the original rather than WordPress's resized copy, when
 * both are there) and copied next to the entry, `content/tips/images/<slug>/<name>`, where
 * Astro optimises it like any tip picture. Anything else stays a link to its old address and is
 * listed. Pure: the caller says which files exist.
 */
import { posix } from 'node:path';
import { safeDecode } from './fields.ts';
import type { ImageChoice } from './to-mdx.ts';

/** Formats Astro's image service optimises from a Markdown image. */
const OPTIMISED = /\.(jpe?g|png|gif|webp|avif|tiff?)$/i;

export interface ImageCopy {
  /** Path inside the uploads folder (posix). */
  from: string;
  /** Path from the repository root. */
  to: string;
}

/** The path inside uploads/ of an address on the old site, e.g. "2016/11/desk-300x200.jpg". */
export function uploadsPath(src: string): string | undefined {
  const match = /\/wp-content\/uploads\/([^?#]+)/.exec(src);
  if (!match) return undefined;
  const path = posix.normalize(safeDecode(match[1]!));
  return path.startsWith('..') || path.startsWith('/') ? undefined : path;
}

/** WordPress's resized copies are "name-300x200.jpg" and "name-scaled.jpg"; the original is "name.jpg". */
function candidates(path: string): string[] {
  const original = path.replace(/-(?:\d+x\d+|scaled|rotated)(\.\w+)$/i, '$1');
  return original === path ? [path] : [original, path];
}

/** A file name safe in a Markdown link and on every file system. */
const safeName = (name: string) => name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'picture';

/**
 * Resolves pictures for one entry: each found file is added to `copies` once, with a unique name
 * in the entry's image folder.
 */
export function imageResolver(options: { uploads: ((path: string) => boolean) | undefined; slug: string; copies: ImageCopy[] }): (src: string) => ImageChoice {
  const byFrom = new Map<string, string>();
  const names = new Set<string>();
  return (src) => {
    const path = uploadsPath(src);
    if (!options.uploads) return { remote: src, why: 'was not copied (no --uploads folder was given)' };
    if (!path) return { remote: src, why: 'is not in the old site\'s uploads' };
    const found = candidates(path).find(options.uploads);
    if (!found) return { remote: src, why: `was not found in the uploads folder (looked for ${path})` };
    if (!OPTIMISED.test(found)) return { remote: src, why: `is a ${posix.extname(found)} file, which Astro does not optimise` };
    let name = byFrom.get(found);
    if (!name) {
      const base = safeName(posix.basename(found));
      name = base;
      for (let n = 2; names.has(name); n++) name = base.replace(/(\.\w+)?$/, `-${n}$1`);
      names.add(name);
      byFrom.set(found, name);
      options.copies.push({ from: found, to: `content/tips/images/${options.slug}/${name}` });
    }
    return { local: `./images/${options.slug}/${name}` };
  };
}
