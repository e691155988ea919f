/**
 * Finishing: turns a rendered email document into what is sent: CSS inlined (juice), every URL
 * absolute, and the plain-text part derived from the same HTML (html-to-text). Pure.
 */
import { compile } from 'html-to-text';
import juice from 'juice';
import { absolutizeHtml } from '../../lib/urls.ts';
import { withoutContentMarks } from '../render/content-marks.ts';

/** Inlines the <style> rules into style attributes, keeping media queries for clients that read them. */
export function inlineCss(html: string, site: string): string {
  const inlined = juice(absolutizeHtml(html, site), {
    preserveMediaQueries: true,
    preserveFontFaces: false,
    removeStyleTags: true,
    applyWidthAttributes: true,
    applyHeightAttributes: true,
    applyAttributesTableElements: true,
  });
  return inlined.replace(/\n\s*\n/g, '\n');
}

/**
 * The plain-text converter, compiled once: `convert` compiles its options (selectors into a
 * decision tree) on every call, which cost more than the conversion itself.
 */
const toText = compile({
  wordwrap: 76,
  formatters: {
    // A picture in the text of a tip or note (src/components/email/mdx/MarkdownImage.astro) is part of
    // what it says: its alt text stands in, as "[Image: …]". The hero and logos are left out.
    bodyImage: (elem, _walk, builder) => {
      const alt = String(elem.attribs?.['alt'] ?? '').trim();
      if (alt) builder.addInline(`[Image: ${alt}]`);
    },
  },
  selectors: [
    { selector: '.preheader', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'img.body-image', format: 'bodyImage' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    { selector: 'h1', options: { uppercase: true, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'h2', options: { uppercase: true, leadingLineBreaks: 3, trailingLineBreaks: 1 } },
    { selector: 'h3', options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 1 } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'block' },
    { selector: 'hr', options: { length: 40 } },
  ],
});

/** The plain-text part: headings in capitals, lists kept, every link written out. */
export function htmlToText(html: string): string {
  return toText(html).trim() + '\n';
}

/** An email as it is sent, placeholders aside: both parts. */
export interface FinishedEmail {
  html: string;
  text: string;
}

/** A rendered email document finished: CSS inlined, URLs absolute, and its text part. */
export function finishEmail(document: string, site: string): FinishedEmail {
  const { html, text } = finishMarkedEmail(document, site);
  return { html, text };
}

/**
 * The same, and the HTML as it was before the content marks (email/render/content-marks.ts) were
 * taken out, for the checks to name the content file each problem comes from.
 */
export function finishMarkedEmail(document: string, site: string): FinishedEmail & { marked: string } {
  const marked = inlineCss(document, site);
  const html = withoutContentMarks(marked);
  return { html, text: htmlToText(html), marked };
}
