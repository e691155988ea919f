/**
 * Marks in a rendered email around each part that comes from one content file (a tip's body, an
 * issue's note), so that the email check can name the file an editor has to change (a body image,
 * HTML written in the MDX) rather than the issue or our templates. HTML comments: they pass through
 * juice untouched, and the finished email has them removed (email/build/finish.ts). Pure.
 */

const OPEN = /<!--content-file: ([^>]*?)-->/g;
const CLOSE = '<!--/content-file-->';

/** The comment that opens the part rendered from `file` (a path from the repository root). */
export const openContentMark = (file: string) => `<!--content-file: ${file.replace(/--/g, '-')}-->`;
/** The comment that closes it. */
export const closeContentMark = () => CLOSE;

export interface ContentPart {
  /** The content file the part was rendered from, e.g. content/tips/x.mdx */
  file: string;
  html: string;
}

/** The email without its marks: what is sent. */
export function withoutContentMarks(html: string): string {
  return html.replace(OPEN, '').replaceAll(CLOSE, '');
}

/** The parts rendered from content files, and the rest of the email (our templates) with those parts cut out. */
export function splitByContentFile(html: string): { template: string; parts: ContentPart[] } {
  const parts: ContentPart[] = [];
  let template = '';
  let at = 0;
  for (const open of html.matchAll(OPEN)) {
    if (open.index < at) continue;
    const start = open.index + open[0].length;
    const end = html.indexOf(CLOSE, start);
    if (end < 0) break;
    template += html.slice(at, open.index);
    parts.push({ file: open[1]!, html: html.slice(start, end) });
    at = end + CLOSE.length;
  }
  return { template: template + html.slice(at), parts };
}
