/**
 * The size and format of a body image's email copy (src/components/email/mdx/Image.astro). Pure.
 * Mail clients show JPEG and PNG everywhere; WebP and AVIF, which the site uses, not in Outlook.
 */

/** Width of the email's text column in CSS pixels (the 600px layout less its padding). */
export const EMAIL_COLUMN_PX = 552;

/** What is known of a stored image: Astro's ImageMetadata has these. */
export interface SourceImage {
  width: number;
  height: number;
  /** The source file's format, e.g. "jpg", "png", "svg". */
  format: string;
}

export interface EmailImageSize {
  /** The width and height attributes: the image's own size, at most the column wide. */
  width: number;
  height: number;
  /** Pixels wide of the file mailed: twice the shown width for sharp screens, never more than the source. */
  fileWidth: number;
  /** PNG for sources that may be transparent or drawn (PNG, GIF, SVG), JPEG for the rest. */
  format: 'png' | 'jpg';
}

const DRAWN = new Set(['png', 'gif', 'svg']);

export function emailImageSize({ width, height, format }: SourceImage): EmailImageSize {
  const shown = Math.min(EMAIL_COLUMN_PX, width);
  return {
    width: shown,
    height: Math.max(1, Math.round((height * shown) / width)),
    fileWidth: Math.min(2 * shown, width),
    format: DRAWN.has(format.toLowerCase()) ? 'png' : 'jpg',
  };
}
