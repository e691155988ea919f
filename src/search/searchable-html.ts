/**
 * What of a rendered page Pagefind needs: pages opt in with one `data-pagefind-body` element,
 * and Pagefind indexes only inside it, but it still parses the whole document it is given (the
 * header, the navigation, the related tips and the footer, about two thirds of a tip page).
 * This hands it the document's `<html>` and `<head>` and that element alone, which gives the
 * same index (a test compares the two on the sample site) at a quarter less of Pagefind's time.
 * A page whose markup this cannot be sure of is passed on whole. Pure.
 */

const BODY_ATTRIBUTE = 'data-pagefind-body';

/** The page trimmed for Pagefind; undefined when the page does not opt in to the index. */
export function searchableHtml(html: string): string | undefined {
  const attribute = html.indexOf(BODY_ATTRIBUTE);
  if (attribute === -1) return undefined;
  return trimmed(html, attribute) ?? html;
}

function trimmed(html: string, attribute: number): string | undefined {
  const bodyStart = html.indexOf('<body');
  const open = html.lastIndexOf('<', attribute);
  if (bodyStart === -1 || open < bodyStart) return undefined;
  const name = /^<([a-z][a-z0-9-]*)[\s>]/i.exec(html.slice(open, open + 40))?.[1]?.toLowerCase();
  if (!name) return undefined;
  const end = closingTagEnd(html, name, open);
  if (end === undefined) return undefined;
  const element = html.slice(open, end);
  // Raw text and comments could hide a tag of the same name from the count above.
  if (/<(?:script|style|template|textarea)[\s>]|<!--/i.test(element)) return undefined;
  // Anything else Pagefind reads (filters, metadata, sort keys, a second body, ignored
  // regions) may sit outside the element; then it gets the page as it is.
  const outside = html.slice(bodyStart, open) + html.slice(end);
  if (outside.includes('data-pagefind-')) return undefined;
  return `${html.slice(0, bodyStart)}<body>${element}</body></html>`;
}

/** Where the element opened at `open` ends (after its closing tag), counting nested ones of the same name. */
function closingTagEnd(html: string, name: string, open: number): number | undefined {
  const tags = new RegExp(`<(/?)${name}(?=[\\s/>])[^>]*>`, 'gi');
  tags.lastIndex = open;
  let depth = 0;
  for (let match = tags.exec(html); match; match = tags.exec(html)) {
    depth += match[1] ? -1 : 1;
    if (depth === 0) return match.index + match[0].length;
  }
  return undefined;
}
