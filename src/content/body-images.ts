/**
 * The pictures in the text of a tip or an issue's note, with where they are: Markdown images
 * (`![alt](./images/x.jpg)`, and `![alt][name]` with its `[name]: ./images/x.jpg` line) and
 * images written as HTML (`<img …>`). Parsed with the compiler the build uses (satteri), so code
 * blocks and inline code are never mistaken for images. Pure.
 */
import { markdownToMdast, mdxToMdast, type MdastNode } from 'satteri';

export interface BodyImage {
  /** The path or address as written, e.g. ./images/desk.jpg */
  url: string;
  /** The alt text; empty when there is none. */
  alt: string;
  /** 1-based line and column in the body. */
  line: number;
  column: number;
  /** `markdown` for ![alt](…), `html` for an <img> tag. */
  written: 'markdown' | 'html';
}

interface Node {
  type: string;
  url?: string;
  alt?: string | null;
  name?: string | null;
  value?: string;
  identifier?: string;
  position?: { start: { line: number; column: number } };
  children?: Node[];
}

/** Every image in `body` (MDX when `mdx`, else Markdown), in order; [] when the body does not parse (the syntax check says why). */
export function bodyImages(body: string, mdx: boolean): BodyImage[] {
  let tree: Node;
  try {
    tree = (mdx ? mdxToMdast(body) : markdownToMdast(body)) as MdastNode as Node;
  } catch {
    return [];
  }
  const nodes: Node[] = [];
  const walk = (node: Node) => {
    nodes.push(node);
    node.children?.forEach(walk);
  };
  walk(tree);
  const definitions = new Map(nodes.filter((n) => n.type === 'definition').map((n) => [n.identifier, n.url ?? '']));
  return nodes.flatMap((node): BodyImage[] => {
    const at = { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    if (node.type === 'image') return [{ url: node.url ?? '', alt: node.alt ?? '', ...at, written: 'markdown' }];
    if (node.type === 'imageReference') return [{ url: definitions.get(node.identifier) ?? '', alt: node.alt ?? '', ...at, written: 'markdown' }];
    const isJsxImg = (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'img';
    const isHtmlImg = node.type === 'html' && /<img\b/i.test(node.value ?? '');
    if (isJsxImg || isHtmlImg) return [{ url: '', alt: '', ...at, written: 'html' }];
    return [];
  });
}
