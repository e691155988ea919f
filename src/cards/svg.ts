/** A card as SVG: satori lays out the card's tree with the fonts its text needs (text drawn as paths). */
import satori from 'satori';
import type { CardContent } from './card.ts';
import type { CardFonts } from './fonts.fs.ts';
import { cardTree } from './layout.ts';
import { CARD_HEIGHT, CARD_WIDTH } from './theme.ts';

/** All the text a card draws, for the choice of fonts. */
const shownText = (card: CardContent) => [card.publication, card.eyebrow, card.title, card.takeaway ?? '', card.host].join('\n');

export function cardSvg(card: CardContent, fonts: CardFonts, picture?: string): Promise<string> {
  return satori(cardTree(card, picture) as never, { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: fonts.for(shownText(card)) });
}
