/**
 * The card routes' pages (src/pages/og/): one card per tip page and per issue page, each
 * with a cache key that digests what it shows and the fonts, so Astro's incremental build
 * draws a card again only when its words, picture or fonts changed (or the card's code).
 */
import { site } from '../config/site.ts';
import type { Publication, Tip } from '../content/queries.ts';
import { issueHeadline } from '../issues/headline.ts';
import { cardKey, issueCard, tipCard, type CardContent } from './card.ts';
import { heroPicture } from './hero.fs.ts';
import { buildFonts } from './render.fs.ts';

export interface CardProps {
  card: CardContent;
}

let fingerprint: string | undefined;
const fonts = () => (fingerprint ??= buildFonts.fingerprint());

const withKey = <P>(params: P, card: CardContent) => ({ params, props: { card } satisfies CardProps, cacheKey: cardKey(card, fonts()) });

/** The card of a tip: its title, takeaway and hero. `root` is the project's folder (the tips' files are relative to it). */
export const cardOfTip = (tip: Tip, root: string): CardContent => tipCard(tip.data, site, tip.data.hero ? heroPicture(tip.filePath, root) : undefined);

export function tipCardPages(pub: Publication, root: string) {
  return pub.tipPages.map((tip) => withKey({ slug: tip.id }, cardOfTip(tip, root)));
}

export function issueCardPages(pub: Publication) {
  return pub.issuePages.map((issue) => {
    const tip = issue.data.tip ? pub.anyTip(issue.data.tip.id) : undefined;
    return withKey({ number: String(issue.data.number) }, issueCard(issue.data.number, issueHeadline(issue.data, tip?.data), tip?.data.takeaway, site));
  });
}
