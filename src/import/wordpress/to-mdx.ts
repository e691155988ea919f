/**
 * Post HTML → a Markdown body that compiles as MDX, through syntax trees (hast → mdast →
 * Markdown): headings, lists, blockquotes, tables, links, images and code come out as
 * Markdown, and the serializer MDX is defined with escapes `<`, `{` and `}` (and a line that
 * would start `import`/`export`), so no text is taken for JSX or code. Images are resolved
 * by the caller: a local copy next to the entry, or a plain link to the old address. Pure.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import { toText } from 'hast-util-to-text';
import type { Nodes as MdastNodes } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { mdxToMarkdown } from 'mdast-util-mdx';
import { toMarkdown, type Options as MarkdownOptions } from 'mdast-util-to-markdown';
import { visit, SKIP } from 'unist-util-visit';
import { chooseAlt, type AttachmentText } from './alt-sources.ts';
import { safeDecode } from './fields.ts';

export type ImageChoice = { local: string } | { remote: string; why: string };

export interface MdxContext {
  /** Where an <img src> goes: a copy next to the entry (a relative path), or a link to its old address. */
  image: (src: string) => ImageChoice;
  /** The new address of a link to one of the old site's imported posts, else undefined. */
  link: (href: string) => string | undefined;
  /** The export's attachment for a picture's address (its alt text and title), if any. */
  attachment?: ((src: string) => AttachmentText | undefined) | undefined;
}

export interface MdxBody {
  markdown: string;
  /** Things a person should look at, each with a snippet of the Markdown to find its line. */
  notes: { snippet: string; message: string }[];
  /** Pictures copied next to the entry that nothing in the export describes: kept in an MDX comment. */
  missingAlt: string[];
}

const DROPPED = new Set(['script', 'style', 'noscript', 'form', 'input', 'button', 'select', 'textarea', 'object', 'template', 'svg', 'canvas']);

const markdownOptions: MarkdownOptions = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fences: true,
  rule: '-',
  resourceLink: true,
  extensions: [
    gfmToMarkdown(),
    mdxToMarkdown(),
    // A paragraph starting "import " or "export " would be read as JavaScript by MDX.
    { unsafe: [{ atBreak: true, character: 'i', after: 'mport\\s' }, { atBreak: true, character: 'e', after: 'xport\\s' }, { character: '}', inConstruct: 'phrasing' }] },
  ],
};

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const textNode = (value: string) => ({ type: 'text' as const, value });
const isBlank = (node: Element) => toText(node).replace(/[\s\u00a0]+/g, '') === '' && !containsImage(node);
function containsImage(node: Element): boolean {
  return node.children.some((c) => c.type === 'element' && (c.tagName === 'img' || containsImage(c)));
}
const isUploadLink = (href: unknown) => typeof href === 'string' && /\/wp-content\/uploads\//.test(href);

/** Rewrites the HTML tree in place: images, links, embeds, headings, and what Markdown cannot hold. */
function prepare(tree: Root, context: MdxContext, notes: MdxBody['notes'], missing: string[]): void {
  visit(tree, 'element', (node: Element, index, parent) => {
    if (!parent || index === undefined) return;
    const replace = (...nodes: (Element | { type: 'text'; value: string })[]) => {
      parent.children.splice(index, 1, ...(nodes as RootContent[] as ElementContent[]));
      return [SKIP, index] as [typeof SKIP, number];
    };
    if (DROPPED.has(node.tagName)) {
      notes.push({ snippet: '', message: `a <${node.tagName}> of the old post was left out (it has no place in a tip)` });
      return replace();
    }
    if (node.tagName === 'h1') node.tagName = 'h2';
    if (node.tagName === 'p' && isBlank(node)) return replace();
    if (node.tagName === 'iframe' || node.tagName === 'embed') {
      const src = String(node.properties['src'] ?? '');
      if (!/^https?:\/\//.test(src)) return replace();
      return replace(el('p', {}, [el('a', { href: src }, [textNode(String(node.properties['title'] ?? '') || `Embedded: ${new URL(src).host}`)])]));
    }
    if (node.tagName === 'figcaption') node.children = [el('em', {}, node.children)];
    if (node.tagName === 'a') {
      const only = node.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
      // A picture linked to its own full-size file on the old site: the picture alone.
      if (only.length === 1 && only[0]!.type === 'element' && only[0]!.tagName === 'img' && isUploadLink(node.properties['href'])) return replace(only[0]!);
      const moved = context.link(String(node.properties['href'] ?? ''));
      if (moved) node.properties['href'] = moved;
    }
    if (node.tagName === 'img') {
      const instead = picture(node, parent, context, notes, missing);
      return instead ? replace(...instead) : undefined;
    }
    return undefined;
  });
}

/** Stands in for a picture with no alt text until the Markdown is written; letters only, so never escaped. */
const MISSING_MARK = 'IMPORTEDPICTUREWITHOUTALT';
const todo = (path: string) => `{/* TODO alt text: nothing in the export describes this picture. Write it as ![what it shows](${path}), delete this comment, then delete "draft: true" */}`;

/** A picture as Markdown: a copy with alt text (the node changed in place, undefined returned), a comment when nothing describes it, or a link to its old address. */
function picture(node: Element, parent: { type: string; tagName?: string; children: RootContent[] }, context: MdxContext, notes: MdxBody['notes'], missing: string[]): (Element | { type: 'text'; value: string })[] | undefined {
  const src = String(node.properties['src'] ?? '');
  const figcaption = parent.tagName === 'figure' ? parent.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption') : undefined;
  const caption = String(node.properties['dataCaption'] ?? '') || (figcaption ? toText(figcaption, { whitespace: 'normal' }) : '');
  const choice = context.image(src);
  const path = 'local' in choice ? choice.local : safeDecode(choice.remote.replace(/[?#].*$/, ''));
  const alt = chooseAlt({ imgAlt: String(node.properties['alt'] ?? ''), attachment: context.attachment?.(src), caption }, path);
  if ('local' in choice) {
    if (alt) {
      node.properties = { src: choice.local, alt };
      return undefined;
    }
    missing.push(choice.local);
    notes.push({ snippet: choice.local, message: `picture ${choice.local} has no alt text in the export (no alt, no attachment alt text, no caption, no descriptive title), so the post is a draft and the picture waits in a comment: describe it as ![what it shows](${choice.local}), delete the comment, then delete "draft: true"` });
    return [textNode(`${MISSING_MARK}${missing.length - 1}X`)];
  }
  notes.push({ snippet: choice.remote, message: `picture ${choice.why}: linked by its old address; copy the file next to the tip and use ![description](./images/…) instead` });
  const name = path.replace(/^.*\//, '') || 'picture';
  return [el('a', { href: choice.remote }, [textNode(`Picture: ${alt ?? name}`)])];
}

/** Converts post HTML to an MDX body. */
export function htmlToMdx(html: string, context: MdxContext): MdxBody {
  return hastToMdx(fromHtml(html, { fragment: true }), context);
}

/** Converts an HTML tree (changed in place) to an MDX body. */
export function hastToMdx(tree: Root, context: MdxContext): MdxBody {
  const notes: MdxBody['notes'] = [];
  const missingAlt: string[] = [];
  prepare(tree, context, notes, missingAlt);
  const mdast = toMdast(tree) as MdastNodes;
  const markdown = toMarkdown(mdast, markdownOptions)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .replace(new RegExp(`${MISSING_MARK}(\\d+)X`, 'g'), (_, i: string) => todo(missingAlt[Number(i)]!));
  return { markdown, notes, missingAlt };
}

/** The plain text of some HTML, whitespace collapsed (for summaries, titles and bylines). */
export function htmlText(html: string): string {
  return toText(fromHtml(html, { fragment: true }), { whitespace: 'normal' }).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The text of each paragraph (and heading) of some HTML, in order. */
export function paragraphTexts(html: string): string[] {
  const texts: string[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    if (node.tagName !== 'p' && node.tagName !== 'li' && node.tagName !== 'blockquote') return undefined;
    const text = toText(node, { whitespace: 'normal' }).replace(/[\s\u00a0]+/g, ' ').trim();
    if (text) texts.push(text);
    return SKIP;
  });
  return texts;
}
