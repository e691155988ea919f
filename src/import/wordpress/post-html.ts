/**
 * A post's stored content, made into the HTML WordPress would have shown: block-editor
 * comments dropped, the "Read more" split found, shortcodes expanded, bare embed URLs made
 * links, and classic-editor text (paragraphs as blank lines, line breaks as newlines) given its
 * <p> and <br> the way WordPress's wpautop does. Pure.
 */
import { escapeHtml } from '../../lib/html.ts';
import { expandShortcodes, type ShortcodeContext } from './shortcodes.ts';

const BLOCKS = '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

/**
 * WordPress's wpautop, ported: blank lines become paragraphs, single newlines <br>, and no
 * <p> is put around or inside block-level tags. <pre>, <script> and <style> keep their text.
 */
export function autop(input: string): string {
  if (!input.trim()) return '';
  const kept: string[] = [];
  // Kept as an empty tag of the same name, so the paragraph rules still see a block there.
  let html = `${input}\n`.replace(/<(pre|script|style)\b[\s\S]*?<\/\1>/gi, (block, tag: string) => `<${tag} data-wp-kept="${kept.push(block) - 1}"></${tag}>`);
  html = html.replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n');
  html = html.replace(new RegExp(`(<${BLOCKS}[\\s/>])`, 'gi'), '\n\n$1');
  html = html.replace(new RegExp(`(</${BLOCKS}>)`, 'gi'), '$1\n\n');
  html = html.replace(/(<hr\s*?\/?>)/gi, '$1\n\n').replace(/\r\n|\r/g, '\n').replace(/\n\n+/g, '\n\n');
  html = html
    .split(/\n\s*\n/)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => `<p>${chunk.replace(/^\n+|\n+$/g, '')}</p>\n`)
    .join('');
  html = html
    .replace(/<p>\s*<\/p>/g, '')
    .replace(/<p>([^<]+)<\/(div|address|form)>/g, '<p>$1</p></$2>')
    .replace(new RegExp(`<p>\\s*(</?${BLOCKS}[^>]*>)\\s*</p>`, 'gi'), '$1')
    .replace(/<p>(<li.+?)<\/p>/g, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .replace(/<\/blockquote><\/p>/g, '</p></blockquote>')
    .replace(new RegExp(`<p>\\s*(</?${BLOCKS}[^>]*>)`, 'gi'), '$1')
    .replace(new RegExp(`(</?${BLOCKS}[^>]*>)\\s*</p>`, 'gi'), '$1')
    .replace(/<br\s*\/?>/gi, '<br />')
    .replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
    .replace(new RegExp(`(</?${BLOCKS}[^>]*>)\\s*<br />`, 'gi'), '$1')
    .replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, '$1')
    .replace(/\n<\/p>$/g, '</p>');
  return html.replace(/<(pre|script|style) data-wp-kept="(\d+)"><\/\1>/g, (_, _tag: string, i: string) => kept[Number(i)]!);
}

/** Where the classic editor's "Read more" line splits a post. */
const MORE = /<!--more(?:\s[^>]*)?-->/i;

export interface PostHtml {
  /** The whole body, ready for the HTML parser. */
  html: string;
  /** The text before <!--more-->, when the post has one (the teaser WordPress showed in lists). */
  teaser?: string | undefined;
  /** Shortcodes kept as text, as written. */
  keptShortcodes: string[];
}

/** A line holding only a URL is an oEmbed (a video, a tweet): a link here. */
const bareUrls = (html: string) =>
  html
    .replace(/^[ \t]*(https?:\/\/[^\s<>"]+)[ \t]*$/gim, (_, url: string) => `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`)
    .replace(/(<div class="wp-block-embed__wrapper">)\s*(https?:\/\/[^\s<>"]+)\s*(<\/div>)/g, (_, open: string, url: string, close: string) => `${open}<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>${close}`);

/** Prepares a post's content (`content:encoded`) for conversion. */
export function postHtml(content: string, context: ShortcodeContext): PostHtml {
  const blockEditor = /<!--\s*wp:/.test(content);
  const prepare = (part: string) => {
    const withoutBlocks = part.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '').replace(/<!--nextpage-->/gi, '');
    const { html, kept } = expandShortcodes(bareUrls(withoutBlocks), context);
    return { html: blockEditor ? html : autop(html), kept };
  };
  const more = MORE.exec(content);
  const whole = prepare(content.replace(MORE, '\n\n'));
  return { html: whole.html, teaser: more ? prepare(content.slice(0, more.index)).html : undefined, keptShortcodes: whole.kept };
}
