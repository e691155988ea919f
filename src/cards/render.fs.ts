/**
 * A card as PNG: satori's SVG rasterised by sharp (librsvg), which measured about 17 ms of
 * CPU a card here against 43 ms for @resvg/resvg-js (`npm run bench:cards`, docs/benchmarks.md).
 * A hero picture is first cut to the card's picture box by sharp, so the SVG carries a small JPEG.
 */
import sharp from 'sharp';
import type { CardContent, CardPicture } from './card.ts';
import { CardFonts } from './fonts.fs.ts';
import { PICTURE_WIDTH } from './layout.ts';
import { cardSvg } from './svg.ts';
import { CARD_HEIGHT } from './theme.ts';

/** The build's fonts, read from disk the first time a card is drawn (a rebuild that reuses every card reads none). */
export const buildFonts = new CardFonts();

async function pictureDataUrl(picture: CardPicture): Promise<string> {
  try {
    const jpeg = await sharp(picture.file).resize(PICTURE_WIDTH, CARD_HEIGHT, { fit: 'cover' }).jpeg({ quality: 82 }).toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch (error) {
    throw new Error(`The hero picture ${picture.file} could not be drawn on the social card (${(error as Error).message}): save it as a JPEG, PNG or WebP file.`);
  }
}

/**
 * zlib level 3 instead of sharp's default 6: about 2 ms less CPU a card (about 12 against 14 ms with librsvg's
 * drawing) for a PNG about a tenth larger (58 against 54 KB), `npm run bench:cards` (docs/benchmarks.md).
 */
const PNG_OPTIONS = { compressionLevel: 3 } as const;

/** The card's PNG, 1200×630. */
export async function renderCard(card: CardContent, fonts: CardFonts = buildFonts): Promise<Buffer> {
  const picture = card.picture ? await pictureDataUrl(card.picture) : undefined;
  const svg = await cardSvg(card, fonts, picture);
  return sharp(Buffer.from(svg)).png(PNG_OPTIONS).toBuffer();
}
