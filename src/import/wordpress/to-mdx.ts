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

export type ImageChoice = { local: string } | { remote: string; why: string };

export interface MdxContext {
  /** Where an <img src> goes: a copy next to the entry (a relative path), or a link to its old address. */
  image: (src: string) => ImageChoice;
  /** The new address of a link to one of the old site's imported posts, else undefined. */
  link: (href: string) => string | undefined;
}

export interface MdxBody {
  markdown: string;
  /** Things a person should look at, each with a snippet of the Markdown to find its line. */
  notes: { snippet: string; message: string }[];
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
function prepare(tree: Root, context: MdxContext, notes: MdxBody['notes']): void {
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
      const src = String(node.properties['src'] ?? '');
      const alt = String(node.properties['alt'] ?? '').trim();
      const choice = context.image(src);
      if ('local' in choice) {
        node.properties = { src: choice.local, alt };
        if (!alt) notes.push({ snippet: choice.local, message: 'this picture has no alt text: describe it for readers who cannot see it' });
        return;
      }
      notes.push({ snippet: choice.remote, message: `picture ${choice.why}: linked by its old address; copy the file next to the tip and use ![description](./images/…) instead` });
      const name = decodeURIComponent(choice.remote.replace(/[?#].*$/, '').replace(/^.*\//, '')) || 'picture';
      return replace(el('a', { href: choice.remote }, [textNode(`Picture: ${alt || name}`)]));
    }
    return undefined;
  });
}

/** Converts post HTML to an MDX body. */
export function htmlToMdx(html: string, context: MdxContext): MdxBody {
  return hastToMdx(fromHtml(html, { fragment: true }), context);
}

/** Converts an HTML tree (changed in place) to an MDX body. */
export function hastToMdx(tree: Root, context: MdxContext): MdxBody {
  const notes: MdxBody['notes'] = [];
  prepare(tree, context, notes);
  const mdast = toMdast(tree) as MdastNodes;
  const markdown = toMarkdown(mdast, markdownOptions)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { markdown, notes };
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
