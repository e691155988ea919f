/**
 * Whether alt text says what a picture shows: the same rule for a tip's hero (heroAlt) and for
 * images in the text. Pure.
 */

/** Words that name the kind of thing, not what it shows ("image", "photo 2"). */
const MEANINGLESS = /^(image|picture|pic|photo|img|graphic|hero|banner|screenshot|untitled|figure|chart|diagram)( \d+)?$/i;
const FILE_NAME = /\.(jpe?g|png|webp|gif|avif|svg|tiff?)$/i;

/** True when `alt` is a placeholder word or the file's name instead of a description. */
export function isMeaninglessAlt(alt: string, imagePath?: string): boolean {
  const text = alt.trim();
  const fileName = imagePath?.split('/').pop();
  return MEANINGLESS.test(text) || FILE_NAME.test(text) || (fileName !== undefined && (text === fileName || text === fileName.replace(/\.[^.]+$/, '')));
}
