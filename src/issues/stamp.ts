/**
 * An issue's stamp: a hash of that issue's own content (its fields and note, its tip and the tip
 * from the archive). The build writes it on the issue's page (`<meta name="totw:issue">`) and
 * in the email manifest; `npm run send -- --when-live` sends only when the public page carries
 * the stamp of the email about to go out. Per issue, so other pages stay unchanged between
 * builds. Pure.
 */
import { createHash } from 'node:crypto';

/** The name of the page's meta element that carries the stamp. */
export const STAMP_META_NAME = 'totw:issue';

/**
 * What the stamp covers of an entry: the digest of its file as written, which Astro's glob loader
 * records for every entry (the same on every machine that builds the same commit); without one, its
 * parsed fields and raw body.
 */
interface StampedEntry {
  digest?: string | number | undefined;
  data: unknown;
  body?: string | undefined;
}

/** The stamp of an issue rendered with `tip` and `archiveTip`: 64 hex digits. */
export function issueStamp(issue: StampedEntry, tip: StampedEntry | undefined, archiveTip: StampedEntry | undefined): string {
  const part = (entry: StampedEntry | undefined) => (!entry ? null : entry.digest !== undefined ? String(entry.digest) : { data: entry.data, body: entry.body ?? '' });
  return createHash('sha256').update(JSON.stringify([part(issue), part(tip), part(archiveTip)])).digest('hex');
}

/** The stamp an issue page carries, or undefined when it has none. */
export function stampOfPage(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!new RegExp(`\\bname=["']?${STAMP_META_NAME}["'\\s/>]`, 'i').test(tag)) continue;
    return /\bcontent=["']?([a-f0-9]{64})/i.exec(tag)?.[1];
  }
  return undefined;
}
