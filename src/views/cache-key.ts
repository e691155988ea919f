/**
 * Keys for Astro's incremental build (`experimental.incrementalBuild`): a page whose key and
 * code are unchanged since the last build is copied from Astro's cache instead of rendered.
 * A key digests everything the page shows that is not code: each content entry it shows (its
 * file's digest and its parsed data, which includes the hashed URL of its images), the other
 * values it is given (page numbers, a tag), and the year the footer prints. Everything in
 * the config (the site URL, Markdown settings) is Astro's own part of the key. Pure.
 */
import { createHash } from 'node:crypto';

/** A content entry as getCollection returns it. */
export interface KeyedEntry {
  collection: string;
  id: string;
  digest?: string | number | undefined;
  data: unknown;
}

export type KeyPart = KeyedEntry | string | number | boolean | undefined | null;

const digests = new WeakMap<object, string>();

/** One entry's fingerprint, computed once per entry per build. */
function entryDigest(entry: KeyedEntry): string {
  let digest = digests.get(entry);
  if (!digest) {
    digest = createHash('sha256').update(JSON.stringify([entry.collection, entry.id, entry.digest ?? null, entry.data])).digest('hex');
    digests.set(entry, digest);
  }
  return digest;
}

const isEntry = (part: KeyPart): part is KeyedEntry => typeof part === 'object' && part !== null && 'collection' in part && 'data' in part;

/**
 * The key of a page showing `parts`, in the order given. `year` is the build's year
 * (BaseLayout's footer prints it), so a page cached in December is rendered again in January.
 */
export function pageKey(year: number, ...parts: readonly KeyPart[]): string {
  const hash = createHash('sha256').update(String(year));
  for (const part of parts) hash.update('\0').update(isEntry(part) ? entryDigest(part) : JSON.stringify(part ?? null));
  return hash.digest('hex');
}
