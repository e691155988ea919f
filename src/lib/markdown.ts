/**
 * Markdown in frontmatter (pick comments). Raw HTML is escaped, not passed through: a
 * stray tag in a comment shows as text instead of breaking the page or the email. Links
 * and images may only point at http(s) and mailto addresses (or the site's own paths):
 * a `javascript:` link in a comment would run in readers' browsers.
 */
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './html.ts';

const SAFE_URL = /^(https?:|mailto:|\/(?!\/)|#)/i;

const marked = new Marked({
  async: false,
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
  },
  walkTokens(token) {
    if (token.type === 'link' || token.type === 'image') {
      const link = token as Tokens.Link | Tokens.Image;
      if (!SAFE_URL.test(link.href.trim())) link.href = '#';
    }
  },
});

/** Renders a short markdown text (paragraphs, emphasis, links, lists) to HTML. */
export function markdownToHtml(source: string): string {
  return marked.parse(source, { async: false });
}
