/** A card as SVG: satori lays out the card's tree with the given fonts (text drawn as paths). */
import satori from 'satori';
import type { CardContent } from './card.ts';
import type { CardFont } from './fonts.fs.ts';
import { cardTree } from './layout.ts';
import { CARD_HEIGHT, CARD_WIDTH } from './theme.ts';

/**
 * `fonts` should be the same array on every call: satori keeps the fonts it parsed for the
 * array it was given, and parsing them (the Japanese one is 1.7 MB) is most of a first card.
 */
export function cardSvg(card: CardContent, fonts: CardFont[], picture?: string): Promise<string> {
  return satori(cardTree(card, picture) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts });
}
