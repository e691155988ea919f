/**
 * WordPress shortcodes in post content, turned into the HTML they stand for: captions into
 * figures (the caption is kept beside the image as one source of its alt text), embeds, video and
 * audio into links, galleries into their images, code blocks into <pre>. Anything else that
 * looks like a shortcode is kept as text and listed for a person. Pure.
 */
import { escapeHtml } from '../../lib/html.ts';

export interface ShortcodeContext {
  /** An attachment's file address and alt text, by id (for [gallery ids="…"]). */
  attachment: (id: number) => { url: string; alt: string } | undefined;
}

/** `[name attrs]`, `[name attrs /]` or `[name attrs]content[/name]`; `[[name]]` is an escaped shortcode (WordPress's grammar). */
const SHORTCODE = /\[(\[?)([a-zA-Z][\w-]*)(?![\w-])([^\]/]*(?:\/(?!\])[^\]/]*)*?)(?:(\/)\]|\](?:([^[]*(?:\[(?!\/\2\])[^[]*)*)(\[\/\2\]))?)(\]?)/g;

/** Shortcodes of common plugins that produce something on the page: listed even when written bare. */
const PLUGIN_SHORTCODES = new Set(['contact-form-7', 'contact-form', 'gravityform', 'wpforms', 'mc4wp_form', 'mailchimp', 'ninja_form', 'playlist', 'toc', 'table', 'button', 'column', 'row', 'tabs', 'accordion', 'ultimatemember', 'instagram-feed', 'pdf-embedder', 'googlemaps', 'simple-payment']);
const VIDEO_HOSTS = ['youtube', 'vimeo', 'tweet', 'twitter', 'instagram', 'soundcloud', 'slideshare', 'dailymotion', 'ted', 'wpvideo'];
const CODE = new Set(['code', 'sourcecode', 'source', 'php', 'js', 'javascript', 'css', 'html', 'xml', 'sql', 'bash', 'shell', 'python', 'java']);

/** Attributes in WordPress's syntax: key="v", key='v', key=v, and positional values. */
export function shortcodeAttributes(text: string): { named: Record<string, string>; positional: string[] } {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const source = text.replace(/^=/, ' ').replace(/[\u00a0\u200b]/g, ' ');
  for (const m of source.matchAll(/([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (m[1]) named[m[1].toLowerCase()] = m[2]!;
    else if (m[3]) named[m[3].toLowerCase()] = m[4]!;
    else if (m[5]) named[m[5].toLowerCase()] = m[6]!;
    else positional.push(m[7] ?? m[8] ?? m[9]!);
  }
  return { named, positional };
}

const link = (url: string) => `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
const firstUrl = (...candidates: (string | undefined)[]) => candidates.find((c) => c !== undefined && /^https?:\/\//i.test(c.trim()))?.trim();

/** [caption]<a><img></a> The caption[/caption] (or caption="…" in older posts) → a figure. */
function caption(attrs: Record<string, string>, content: string): string {
  const image = /<img\b[^>]*>/i.exec(content)?.[0] ?? '';
  const text = (attrs['caption'] ?? content.replace(/<a\b[^>]*>\s*<img\b[^>]*>\s*<\/a>|<img\b[^>]*>/i, '')).trim();
  const plain = text.replace(/<[^>]*>/g, '').trim();
  // The caption is one source of alt text among several (alt-sources.ts): kept beside the picture.
  const withCaption = !plain ? image : image.replace(/<img\b/i, `<img data-caption="${escapeHtml(plain)}"`);
  return `<figure>${withCaption}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`;
}

function gallery(attrs: Record<string, string>, context: ShortcodeContext): string | undefined {
  const ids = (attrs['ids'] ?? '').split(',').map((id) => Number(id.trim())).filter((id) => id > 0);
  const images = ids.map((id) => context.attachment(id)).filter((a) => a !== undefined);
  if (images.length === 0) return undefined;
  return images.map((a) => `<p><img src="${escapeHtml(a.url)}" alt="${escapeHtml(a.alt)}"></p>`).join('\n');
}

/** The HTML a known shortcode stands for, or undefined to keep it as text. */
function render(name: string, rawAttrs: string, content: string | undefined, context: ShortcodeContext): string | undefined {
  const { named, positional } = shortcodeAttributes(rawAttrs);
  if (name === 'caption' || name === 'wp_caption') return caption(named, content ?? '');
  if (name === 'embed') {
    const url = firstUrl(content, named['src'], positional[0]);
    return url ? link(url) : undefined;
  }
  if (name === 'video' || name === 'audio') {
    const url = firstUrl(named['src'], named['mp4'], named['m4v'], named['webm'], named['ogv'], named['mp3'], named['ogg'], named['wav'], named['m4a'], content);
    return url ? link(url) : undefined;
  }
  if (VIDEO_HOSTS.includes(name)) {
    const url = firstUrl(named['url'], named['src'], positional[0], content);
    return url ? link(url) : undefined;
  }
  if (name === 'gallery') return gallery(named, context);
  if (CODE.has(name) && content !== undefined) {
    const code = content.replace(/^\n+|\n+$/g, '').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<pre><code>${code}</code></pre>`;
  }
  return undefined;
}

export interface ShortcodeResult {
  html: string;
  /** Shortcodes kept as text, as written (shortened), for the report. */
  kept: string[];
}

/** Replaces the shortcodes of `html` by the HTML they stand for; unknown ones stay as text and are listed. */
export function expandShortcodes(html: string, context: ShortcodeContext): ShortcodeResult {
  const kept: string[] = [];
  const out = html.replace(SHORTCODE, (whole, open: string, name: string, attrs: string, selfClose: string | undefined, content: string | undefined, closing: string | undefined, close: string) => {
    if (open === '[' && close === ']') return whole.slice(1, -1);
    const lower = name.toLowerCase();
    const rendered = render(lower, attrs, closing ? content : undefined, context);
    if (rendered !== undefined) return rendered;
    const looksLikeOne = closing !== undefined || selfClose !== undefined || /=/.test(attrs) || PLUGIN_SHORTCODES.has(lower);
    if (looksLikeOne) kept.push(whole.length > 80 ? `${whole.slice(0, 79)}…` : whole);
    return whole;
  });
  return { html: out, kept };
}
