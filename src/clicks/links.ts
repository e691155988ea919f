/**
 * Click-counting links: with CLICK_COUNTS=1 the sender points each pick link of an issue email at
 * `/r/<issue>/<pick>/<signature>`, signed over the issue and the pick only. Every reader's copy carries the
 * same links: no subscriber id, no per-reader token. Pick 0 is the decoy, a link no person sees (see
 * filter.ts). Pure apart from the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { escapeHtml } from '../lib/html.ts';
import { paths } from '../lib/paths.ts';
import { absoluteUrl } from '../lib/urls.ts';

/** The number the decoy link uses in place of a pick. */
export const DECOY_PICK = 0;

/** 128 bits of HMAC-SHA256, base64url: enough that nobody guesses a valid link, short in the email. */
export function pickSignature(secret: string, issue: number, pick: number): string {
  return createHmac('sha256', secret).update(`click:${issue}:${pick}`).digest('base64url').slice(0, 22);
}

export function validPickSignature(secret: string, issue: number, pick: number, signature: string): boolean {
  const expected = Buffer.from(pickSignature(secret, issue, pick));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const clickUrl = (siteUrl: string, secret: string, issue: number, pick: number) => absoluteUrl(paths.pickRedirect(issue, pick, pickSignature(secret, issue, pick)), siteUrl);

/** `/r/<issue>/<pick>/<signature>` read from a request path; undefined for anything else. */
export function parseClickPath(pathname: string): { issue: number; pick: number; signature: string } | undefined {
  const match = /^\/r\/(\d{1,6})\/(\d{1,3})\/([\w-]{22})\/?$/.exec(pathname);
  return match ? { issue: Number(match[1]), pick: Number(match[2]), signature: match[3]! } : undefined;
}

/**
 * The issue's HTML and text with each pick URL (1-based, in manifest order) replaced by its counting link,
 * and a decoy link hidden in the HTML (no text, display:none, out of the tab order and the accessibility tree).
 */
export function withClickLinks(parts: { html: string; text: string }, pickUrls: readonly string[], link: (pick: number) => string): { html: string; text: string } {
  let { html, text } = parts;
  pickUrls.forEach((url, i) => {
    const counted = link(i + 1);
    html = html.split(`href="${escapeHtml(url)}"`).join(`href="${escapeHtml(counted)}"`);
    // Whole URLs only: one pick's URL may begin another's.
    text = text.replace(new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/%.?#=&~+-])`, 'g'), counted);
  });
  const decoy = `<a href="${escapeHtml(link(DECOY_PICK))}" style="display:none" aria-hidden="true" tabindex="-1"></a>`;
  html = html.includes('</body>') ? html.replace('</body>', `${decoy}</body>`) : `${html}${decoy}`;
  return { html, text };
}
