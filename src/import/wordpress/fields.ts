/**
 * Frontmatter fields made from what WordPress kept, fitted to the tip schema's limits (title
 * 5–90, summary 30–280, takeaway 10–160, 1–6 lowercase tags) and saying when something had
 * to be cut or invented, so the report can list it. Pure.
 */
import { entryId } from '../../content/ids.ts';
import type { WxrItem, WxrTerm } from './wxr.ts';

export interface Fitted {
  text: string;
  /** The text was longer than allowed and was shortened. */
  cut: boolean;
  /** The text is shorter than allowed (returned as it is). */
  tooShort: boolean;
}

const squash = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();

/** The text's sentences (a full stop, question or exclamation mark followed by a space). */
export function sentences(text: string): string[] {
  return squash(text).split(/(?<=[.!?…])\s+(?=["“‘'(\p{Lu}\p{N}])|(?<=[。！？])\s*/u).filter(Boolean);
}

/** Shortened to `max`: whole sentences when they reach `min`, else at a word with "…". */
export function fitText(raw: string, { min, max }: { min: number; max: number }): Fitted {
  const text = squash(raw);
  if (text.length < min) return { text, cut: false, tooShort: true };
  if (text.length <= max) return { text, cut: false, tooShort: false };
  let whole = '';
  for (const sentence of sentences(text)) {
    const next = whole ? `${whole} ${sentence}` : sentence;
    if (next.length > max) break;
    whole = next;
  }
  if (whole.length >= min) return { text: whole, cut: true, tooShort: false };
  const words = text.slice(0, max).replace(/\s+\S*$/, '').replace(/[\s,;:.–—-]+$/, '');
  return { text: `${words}…`, cut: true, tooShort: false };
}

/** A paragraph that states the lesson: "Takeaway: …", "Bottom line: …". */
export const TAKEAWAY_LINE = /^(?:the\s+)?(?:key\s+)?(?:takeaway|bottom line|lesson|remember)\s*[:–—-]\s*(.{10,})$/i;

/** A tip's takeaway: a "Takeaway:"/"Bottom line:" line of the post, else its first sentence. */
export function takeawayFrom(paragraphs: readonly string[], summary: string): Fitted & { marked: boolean } {
  const marked = paragraphs.map((p) => TAKEAWAY_LINE.exec(squash(p))?.[1]).find(Boolean);
  const upper = (f: Fitted) => ({ ...f, text: f.text.charAt(0).toLocaleUpperCase() + f.text.slice(1) });
  if (marked) return { ...upper(fitText(marked, { min: 10, max: 160 })), marked: true };
  const first = sentences(summary)[0] ?? summary;
  const fitted = fitText(first.length >= 10 ? first : summary, { min: 10, max: 160 });
  return { ...upper(fitted), marked: false };
}

/** A category or tag name as one of our tags (lowercase letters, numbers, spaces, ' & -), or undefined if nothing is left. */
export function toTag(name: string): string | undefined {
  const tag = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Ll}\p{N} '&-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{Ll}\p{N}]+/u, '')
    .trim();
  if (!tag) return undefined;
  return tag.length <= 40 ? tag : tag.slice(0, 40).replace(/\s+\S*$/, '');
}

const UNCATEGORIZED = new Set(['uncategorized', 'uncategorised', 'general']);

/** Categories first, then tags: slugged, deduplicated, at most 6; what was dropped is said. */
export function tagsFrom(terms: readonly WxrTerm[]): { tags: string[]; dropped: string[] } {
  const tags: string[] = [];
  const dropped: string[] = [];
  for (const domain of ['category', 'post_tag']) {
    for (const term of terms.filter((t) => t.domain === domain)) {
      const tag = toTag(term.name) ?? toTag(safeDecode(term.nicename));
      if (tag === undefined || (domain === 'category' && UNCATEGORIZED.has(tag))) {
        if (tag === undefined) dropped.push(term.name);
        continue;
      }
      if (tags.includes(tag)) continue;
      if (tags.length < 6) tags.push(tag);
      else dropped.push(term.name);
    }
  }
  return { tags, dropped };
}

export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The entry's file name: the post's slug (percent-decoded, as Astro ids it), else its title, else its id. */
export function slugFor(item: Pick<WxrItem, 'slug' | 'title' | 'id'>): string {
  return fileId(safeDecode(item.slug)) || fileId(item.title.slice(0, 80)) || `post-${item.id}`;
}

/** A name as the id Astro gives a file so named (dots would read as an extension). */
const fileId = (name: string) => entryId(name.replace(/\./g, '-'));

/** An author's file name from their login, as WordPress makes its "nicename" (jane.doe → jane-doe). */
export function authorId(login: string): string {
  return fileId(login.toLowerCase().replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '')) || 'unknown-author';
}

/** The publication day: the post's local date (WordPress's own), else its RSS date, else `fallback`. */
export function dayOf(item: Pick<WxrItem, 'date' | 'pubDate'>, fallback: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})/.exec(item.date)?.[1];
  if (local && local !== '0000-00-00') return local;
  const rss = new Date(item.pubDate);
  return Number.isNaN(rss.getTime()) || rss.getUTCFullYear() < 1990 ? fallback : rss.toISOString().slice(0, 10);
}
