/**
 * The card's drawing as the element tree satori lays out (plain objects, as JSX would make):
 * the publication's name and the eyebrow at the top, the title, the takeaway in the site's
 * callout colours, the address at the bottom, and the hero picture down the right side when
 * the tip has one. Pure.
 */
import type { CardContent } from './card.ts';
import { isRightToLeft } from './card.ts';
import { CARD_HEIGHT, CARD_WIDTH, cardColours as c } from './theme.ts';

/** One element of satori's tree. */
export interface CardNode {
  type: string;
  props: { style?: Record<string, string | number>; children?: CardNode | (CardNode | string)[] | string | undefined; src?: string; lang?: string; width?: number; height?: number };
}

const el = (type: string, style: Record<string, string | number>, children?: CardNode['props']['children']): CardNode => ({ type, props: { style, children } });

/** The picture column's width, when the card has one. */
export const PICTURE_WIDTH = 400;

/** Long titles get a smaller size, so every title of up to 90 characters fits in three lines. */
export function titleSize(title: string, narrow: boolean): number {
  const length = [...title].length * (narrow ? 1.35 : 1);
  return length <= 36 ? 72 : length <= 60 ? 62 : length <= 90 ? 54 : 46;
}

const textLine = (text: string, style: Record<string, string | number>): CardNode =>
  el('div', { display: 'flex', ...(isRightToLeft(text) ? { direction: 'rtl', textAlign: 'right' } : {}), ...style }, text);

function header(card: CardContent): CardNode {
  return el('div', { display: 'flex', alignItems: 'center', justifyContent: 'space-between', fontSize: 30, fontWeight: 700 }, [
    el('div', { display: 'flex', alignItems: 'center', color: c.text }, [
      el('div', { width: 26, height: 26, borderRadius: 13, backgroundColor: c.dot, marginRight: 16 }),
      card.publication,
    ]),
    el('div', { display: 'flex', color: c.muted, fontSize: 26, letterSpacing: 2, textTransform: 'uppercase' }, card.eyebrow),
  ]);
}

function takeaway(text: string): CardNode {
  return textLine(text, {
    marginTop: 28,
    padding: '20px 28px',
    backgroundColor: c.calloutBackground,
    color: c.calloutText,
    // The rule stands where the lines start: on the right for Arabic or Hebrew.
    [isRightToLeft(text) ? 'borderRight' : 'borderLeft']: `10px solid ${c.calloutBorder}`,
    borderRadius: 10,
    fontSize: 30,
    lineHeight: 1.35,
    lineClamp: 3,
  });
}

/** The whole card for `card`, with `picture` (a data: URL of the hero cut to its box) when it has one. */
export function cardTree(card: CardContent, picture?: string): CardNode {
  const narrow = picture !== undefined;
  const text = el('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, width: CARD_WIDTH - (narrow ? PICTURE_WIDTH : 0), height: '100%', padding: '56px 64px' }, [
    header(card),
    el('div', { display: 'flex', flexDirection: 'column', flexGrow: 1, justifyContent: 'center' }, [
      textLine(card.title, { color: c.text, fontSize: titleSize(card.title, narrow), fontWeight: 700, lineHeight: 1.15, lineClamp: 3 }),
      ...(card.takeaway ? [takeaway(card.takeaway)] : []),
    ]),
    el('div', { display: 'flex', color: c.muted, fontSize: 24 }, card.host),
  ]);
  const image: CardNode[] = picture ? [{ type: 'img', props: { src: picture, width: PICTURE_WIDTH, height: CARD_HEIGHT, style: { objectFit: 'cover' } } }] : [];
  return {
    type: 'div',
    props: {
      lang: card.lang,
      style: { display: 'flex', width: CARD_WIDTH, height: CARD_HEIGHT, backgroundColor: c.background, fontFamily: 'Noto Sans' },
      children: [text, ...image],
    },
  };
}
