/**
 * Curated digests ("5 top customer service articles of the week"): a post made of linked
 * article titles, each followed by its author and source, a summary, and the editor's
 * "My comment:" (or "My take:", "My thoughts:"). Such a post becomes an issue with typed picks.
 *
 * The post is read as a sequence of lines (paragraphs, list items, headings, and the <br>
 * breaks inside them): a line that opens with a link to another site starts a pick, the text
 * after the link is the byline ("by Jane Doe (Forbes)", "by Jane Doe, Forbes"), plain lines
 * after it are the summary, a line opening with a comment marker is the comment. Lines before
 * the first pick and after the last comment are the editor's note. A post with two or more
 * comment markers that does not split cleanly into 3–10 complete picks is "unclear": it is
 * imported as a tip and listed for a person, with the reasons. Pure.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import { fitText } from './fields.ts';
import { hastToMdx, type MdxContext } from './to-mdx.ts';

export interface DigestPick {
  title: string;
  url: string;
  author: string;
  source: string;
  summary: string;
  /** Markdown: links and emphasis of the comment are kept. */
  comment: string;
}

export type DigestReading =
  | { kind: 'not-a-digest' }
  | { kind: 'digest'; picks: DigestPick[]; note: string; notes: string[] }
  | { kind: 'unclear'; reasons: string[] };

const MARKER = '(?:(?:my|our)\\s+(?:comments?|take|thoughts?|two cents)|comment|why (?:it|this) matters)';
const COMMENT = new RegExp(`^\\s*${MARKER}\\s*[:–—-]\\s*`, 'i');
/** The marker as the comment's Markdown starts: "**My comment:** …", "*My take*: …". */
const COMMENT_MARKDOWN = new RegExp(`^\\s*[*_]*\\s*${MARKER}\\s*[:–—-]?\\s*[*_]*\\s*[:–—-]?\\s*`, 'i');
/** Numbering, bullets and opening quotes that may come before a pick's link. */
const LEAD_IN = /^[\s"“”‘’'«(#\d.):•*–—-]*$/;
const INLINE = new Set(['strong', 'b', 'em', 'i', 'span', 'u', 'h2', 'h3', 'h4', 'h5', 'h6']);
const CONTAINERS = new Set(['div', 'section', 'article', 'figure', 'blockquote', 'ul', 'ol']);

interface Line {
  nodes: ElementContent[];
  text: string;
}

const squash = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();
const lineText = (nodes: ElementContent[]) => squash(toText({ type: 'element', tagName: 'p', properties: {}, children: nodes }));

/** The post as lines: block elements (list items and paragraphs inside containers included), split at <br>. */
function lines(parent: Root | Element, out: Line[] = []): Line[] {
  let inline: ElementContent[] = [];
  const flush = () => {
    if (inline.length && lineText(inline)) out.push({ nodes: inline, text: lineText(inline) });
    inline = [];
  };
  for (const child of parent.children) {
    if (child.type === 'element' && (CONTAINERS.has(child.tagName) || child.tagName === 'li')) {
      flush();
      lines(child, out);
    } else if (child.type === 'element' && (child.tagName === 'p' || /^h[1-6]$/.test(child.tagName))) {
      flush();
      lines(child, out);
    } else if (child.type === 'element' && child.tagName === 'br') {
      flush();
    } else if (child.type === 'element' || child.type === 'text') {
      inline.push(child);
    }
  }
  flush();
  return out;
}

/** The link a line opens with (after numbering or a quote), through inline wrappers, and the text after it. */
function leadLink(nodes: ElementContent[], siteHost: string): { title: string; url: string; after: string } | undefined {
  let before = '';
  for (const [i, node] of nodes.entries()) {
    if (node.type === 'text') {
      before += node.value;
      if (!LEAD_IN.test(before)) return undefined;
      continue;
    }
    if (node.type !== 'element') continue;
    const href = node.tagName === 'a' ? String(node.properties['href'] ?? '') : '';
    if (href) {
      let host = '';
      try {
        host = new URL(href).host;
      } catch {
        return undefined;
      }
      if (!/^https?:/.test(href) || host === siteHost) return undefined;
      return { title: squash(toText(node)), url: href, after: lineText(nodes.slice(i + 1)) };
    }
    if (!INLINE.has(node.tagName)) return undefined;
    const inner = leadLink(node.children, siteHost);
    return inner && { ...inner, after: squash(`${inner.after} ${lineText(nodes.slice(i + 1))}`) };
  }
  return undefined;
}

/** "by Jane Doe (Forbes)", "by Jane Doe, Forbes", "by Jane Doe – Forbes", "(Forbes)"; what follows is summary. */
export function parseByline(text: string): { author?: string; source?: string; rest: string } {
  const s = text.replace(/^[\s"”’'»),:;|–—-]+/, '');
  const by = /^by\s+(.+)$/i.exec(s);
  if (!by) {
    const only = /^\(([^)]{2,80})\)\s*[.:]?\s*(.*)$/.exec(s);
    return only ? { source: only[1]!.trim(), rest: only[2]! } : { rest: s };
  }
  const t = by[1]!;
  const paren = /^([^()]{2,120}?)\s*\(([^)]{2,80})\)\s*[.:]?\s*(.*)$/.exec(t);
  if (paren) return { author: paren[1]!.trim(), source: paren[2]!.trim(), rest: paren[3]! };
  const split = /^(.{2,120}?)\s*(?:,|\s[–—|-]\s|\s(?:of|on|at|for|in)\s)\s*(.{2,80}?)\s*[.]?$/.exec(t);
  if (split) return { author: split[1]!.trim(), source: split[2]!.trim(), rest: '' };
  return t.length <= 120 ? { author: t.replace(/[.:]\s*$/, '').trim(), rest: '' } : { rest: s };
}

interface Draft {
  title: string;
  url: string;
  author?: string | undefined;
  source?: string | undefined;
  summary: string[];
  comment?: string | undefined;
}

const noContext: MdxContext = { image: (src) => ({ remote: src, why: 'in a comment' }), link: () => undefined };
const markdownOf = (nodes: ElementContent[], context: MdxContext) =>
  hastToMdx({ type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: nodes }] }, context).markdown;

/** The picks of a digest post (its whole HTML), or why it cannot be split. */
export function readDigest(html: string, options: { siteHost: string; context?: MdxContext }): DigestReading {
  const context = options.context ?? noContext;
  const all = lines(fromHtml(html, { fragment: true }));
  const markers = all.filter((l) => COMMENT.test(l.text)).length;
  if (markers < 2) return { kind: 'not-a-digest' };
  const drafts: Draft[] = [];
  const intro: Line[] = [];
  let trailing: Line[] = [];
  const reasons: string[] = [];
  for (const line of all) {
    const current = drafts.at(-1);
    const link = COMMENT.test(line.text) ? undefined : leadLink(line.nodes, options.siteHost);
    if (link) {
      if (current?.comment !== undefined && trailing.length) current.comment += `\n\n${trailing.map((l) => markdownOf(l.nodes, context)).join('\n\n')}`;
      trailing = [];
      const byline = parseByline(link.after);
      drafts.push({ title: link.title, url: link.url, author: byline.author, source: byline.source, summary: byline.rest ? [byline.rest] : [] });
    } else if (COMMENT.test(line.text)) {
      if (!current) reasons.push(`"${line.text.slice(0, 40)}…" comes before any linked title`);
      else current.comment = `${current.comment ? `${current.comment}\n\n` : ''}${markdownOf(line.nodes, context).replace(COMMENT_MARKDOWN, '')}`;
    } else if (!current) {
      intro.push(line);
    } else if (current.comment === undefined) {
      const byline = !current.author && /^(by\s|\()/i.test(line.text) ? parseByline(line.text) : undefined;
      if (byline && (byline.author || byline.source)) Object.assign(current, { author: byline.author ?? current.author, source: byline.source ?? current.source }, byline.rest ? { summary: [...current.summary, byline.rest] } : {});
      else current.summary.push(line.text);
    } else {
      trailing.push(line);
    }
  }
  const notes: string[] = [];
  const picks = drafts.map((d, i) => checkPick(d, i + 1, reasons, notes));
  if (drafts.length < 3) reasons.push(`only ${drafts.length} linked title(s) were found; an issue needs 3 to 10 picks`);
  if (drafts.length > 10) reasons.push(`${drafts.length} linked titles were found; an issue holds at most 10 picks`);
  if (reasons.length) return { kind: 'unclear', reasons };
  const note = [...intro, ...trailing].map((l) => markdownOf(l.nodes, context)).join('\n\n');
  return { kind: 'digest', picks: picks as DigestPick[], note, notes };
}

/** A draft pick checked against the pick schema's limits; problems go to `reasons`, fixes made to `notes`. */
function checkPick(d: Draft, n: number, reasons: string[], notes: string[]): DigestPick | undefined {
  const problems: string[] = [];
  let url = d.url;
  if (url.startsWith('http://')) {
    url = `https://${url.slice(7)}`;
    notes.push(`pick ${n}: the link was http://, written as https://; check that ${url} opens`);
  }
  if (!d.author) problems.push('no author after the title ("by …")');
  let source = d.source;
  if (!source) {
    source = new URL(url).host.replace(/^www\./, '');
    notes.push(`pick ${n}: no source was named, so the site's address (${source}) stands in`);
  }
  const summary = fitText(d.summary.join(' '), { min: 30, max: 400 });
  if (summary.tooShort) problems.push('no summary of 30 characters or more between the title and the comment');
  else if (summary.cut) notes.push(`pick ${n}: the summary was cut to 400 characters`);
  const comment = (d.comment ?? '').trim();
  if (!comment) problems.push('no "My comment:"');
  else if (comment.length < 20 || comment.length > 1200) problems.push(`the comment is ${comment.length} characters; a pick's comment is 20 to 1,200`);
  if (problems.length) {
    reasons.push(`pick ${n} ("${d.title.slice(0, 50)}"): ${problems.join('; ')}`);
    return undefined;
  }
  return { title: fitText(d.title, { min: 1, max: 200 }).text, url, author: d.author!, source: fitText(source, { min: 1, max: 80 }).text, summary: summary.text, comment };
}
