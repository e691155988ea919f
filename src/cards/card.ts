/**
 * What a social card shows, picked from a tip or an issue: the words, the publication's
 * name and address, the text direction, and an optional picture. Pure: the route
 * (src/pages/og/) and the cache key both read this, so a card is drawn again exactly when
 * what it shows changes.
 */
import { createHash } from 'node:crypto';

export interface CardContent {
  /** Small line above the title: "Tip" or "Issue #12". */
  eyebrow: string;
  /** The headline: the tip's title, or the issue's tip title. */
  title: string;
  /** The tip's takeaway, drawn in a box under the title (issues without one leave it out). */
  takeaway?: string | undefined;
  /** The publication's name, from src/config/site.ts. */
  publication: string;
  /** The site's host name, printed at the bottom (e.g. tips.example.com). */
  host: string;
  /** BCP 47 language of the publication, for glyph choices where scripts share code points. */
  lang: string;
  /** The tip's hero picture, drawn down the card's right side. */
  picture?: CardPicture | undefined;
}

export interface CardPicture {
  /** Absolute path of the image file. */
  file: string;
  /** Digest of its bytes, so a changed picture changes the card's key. */
  digest: string;
}

interface Publication {
  title: string;
  url: string;
  lang: string;
}

interface TipFields {
  title: string;
  takeaway: string;
}

/** The card of a tip page. */
export function tipCard(tip: TipFields, site: Publication, picture?: CardPicture): CardContent {
  return { eyebrow: 'Tip', title: tip.title, takeaway: tip.takeaway, publication: site.title, host: new URL(site.url).host, lang: site.lang, picture };
}

/** The card of an issue page: its number and its headline (the tip's title, or an archive issue's own). */
export function issueCard(number: number, headline: string, takeaway: string | undefined, site: Publication): CardContent {
  return { eyebrow: `Issue #${number}`, title: headline, takeaway, publication: site.title, host: new URL(site.url).host, lang: site.lang };
}

/** The card's alternative text: what it says, for readers who cannot see it. */
export function cardAlt(card: CardContent): string {
  const head = `${card.publication} · ${card.eyebrow}: ${card.title}`;
  return card.takeaway ? `${head}. Takeaway: ${card.takeaway}` : head;
}

// The first strong character of Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms.
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;
const STRONG = /[\p{L}]/u;

/** Whether a line reads right to left: its first letter is from a right-to-left script. */
export function isRightToLeft(text: string): boolean {
  const first = [...text].find((c) => STRONG.test(c));
  return first !== undefined && RTL.test(first);
}

/**
 * The card's cache key: a digest of everything it shows and of the fonts it is drawn with
 * (`fonts`: their files' names and sizes). The renderer's code is Astro's part of the key.
 */
export function cardKey(card: CardContent, fonts: string): string {
  // The picture by its bytes' digest, not its path: a checkout moved elsewhere keeps its cards.
  const { picture, ...words } = card;
  return createHash('sha256').update(JSON.stringify([words, picture?.digest ?? null, fonts])).digest('hex');
}
