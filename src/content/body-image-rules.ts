/**
 * What the content check says about pictures in the text of tips and notes: each must be a file
 * stored with the content (the build makes the page's WebP and the email's JPEG or PNG from it),
 * must exist, and must have alt text that says what it shows. Pure: files are looked up through
 * the functions passed in (read-content.fs.ts).
 */
import { posix } from 'node:path';
import { isMeaninglessAlt } from './alt-text.ts';
import { bodyImages, type BodyImage } from './body-images.ts';
import { bodyStartLine } from './locate.ts';
import type { ContentProblem } from './problems.ts';
import type { RawEntry } from './raw.ts';

export interface BodyImageOptions {
  /** Whether a path written in `file` exists, resolved next to that file. */
  imageExists: (file: string, imagePath: string) => boolean;
  /** Size in bytes of a file written in `file`, if it exists. */
  fileSize?: (file: string, path: string) => number | undefined;
}

/** The formats Astro's image service reads. */
const READABLE = /\.(jpe?g|png|webp|gif|avif|tiff?|svg)$/i;
// No Markdown image or link written out in a message: Astro's build log shows [text](path) as "text path".
const HOW = 'write it in Markdown: an exclamation mark, what it shows in square brackets, then the path in round brackets (docs/editing.md, Pictures)';

/** A path as the build reads it: %20 is a space. */
const decoded = (url: string) => {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
};

export function bodyImageProblems(entry: RawEntry, { imageExists, fileSize }: BodyImageOptions): ContentProblem[] {
  if (!entry.body) return [];
  const mdx = entry.file.endsWith('.mdx');
  const firstLine = bodyStartLine(entry.source, entry.body);
  return bodyImages(entry.body, mdx).flatMap((image) => {
    const at = (message: string, severity: ContentProblem['severity'] = 'error'): ContentProblem => ({ file: entry.file, field: '', severity, line: firstLine + image.line - 1, column: image.column, message });
    const where = whereProblem(entry, image, mdx, imageExists);
    if (where) return [at(where)];
    const problems: ContentProblem[] = [];
    const path = decoded(image.url);
    if (!image.alt.trim()) problems.push(at(`image ${path} has no alt text: say what it shows between the square brackets, for readers who cannot see it (and for inboxes that do not load pictures)`));
    else if (isMeaninglessAlt(image.alt, path)) problems.push(at(`image ${path} has the alt text "${image.alt}", which does not describe it: say what it shows, for readers who cannot see it`));
    const size = fileSize?.(entry.file, path);
    if (size !== undefined && size > 2 * 1024 * 1024) problems.push(at(`image ${path} is ${(size / 1024 / 1024).toFixed(1)} MB: export it at most 2400px wide so builds stay fast (the page and the email get resized copies)`, 'warning'));
    return problems;
  });
}

/** Why the build cannot use the picture where it is, if it cannot. */
function whereProblem(entry: RawEntry, image: BodyImage, mdx: boolean, imageExists: BodyImageOptions['imageExists']): string | undefined {
  const name = entry.file.replace(/^.*\//, '');
  if (image.written === 'html') return `an image written as an <img> tag gets no optimised copy on the page and none for the email: ${HOW}`;
  if (!image.url) return `image has no path: ${HOW}, or add the line that names it, e.g. "[desk]: ./images/desk.jpg"`;
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(image.url)) return `image ${image.url} is on another site, which may change or remove it and which the email cannot size: save the picture next to this file (e.g. in ./images/) and write that path instead`;
  if (image.url.startsWith('/')) return `image ${image.url} is a path on the site, which gets no optimised copy: save the picture next to this file (e.g. in ./images/) and write that path instead`;
  const path = decoded(image.url);
  const resolved = posix.normalize(posix.join(posix.dirname(entry.file), path));
  if (!resolved.startsWith('content/')) return `image ${path} is outside content/: keep pictures with the content, e.g. in ${posix.dirname(entry.file)}/images/, and write the path from this file`;
  if (!READABLE.test(path)) return `image ${path} is not a format the build can read: export it as JPEG (photos) or PNG (screenshots, drawings)`;
  if (!imageExists(entry.file, path)) return `image ${path} was not found next to ${entry.file}: check the path and the file name (case matters)`;
  if (!mdx) return `image ${path} needs an .mdx file, which gives the email its own JPEG or PNG copy: rename the file to ${name.replace(/\.md$/, '.mdx')} (the text stays as it is)`;
  return undefined;
}
