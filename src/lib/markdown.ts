/**
 * Markdown in frontmatter (pick comments). Raw HTML is escaped, not passed through:
 * a stray tag in a comment shows as text instead of breaking the page or the email.
 */
import { Marked } from 'marked';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const marked = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
});

/** Renders a short markdown text (paragraphs, emphasis, links, lists) to HTML. */
export function markdownToHtml(source: string): string {
  return marked.parse(source, { async: false });
}

/** Renders markdown without the wrapping paragraph, for one-line text. */
export function inlineMarkdownToHtml(source: string): string {
  return marked.parseInline(source, { async: false });
}
