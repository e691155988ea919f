/**
 * Compiles an MDX body with the compiler the build uses (satteri, through @astrojs/mdx and
 * @astrojs/markdown-satteri) and turns its syntax errors into what an editor can act on:
 * where, what, and how to write it instead. The compiler reports where it gave up; the text
 * there tells what the editor most likely meant (a word in angle brackets, a quote left open).
 * Pure: text in, problems out.
 */
import { mdxToJs } from 'satteri';

export interface MdxSyntaxProblem {
  /** 1-based line in the whole file. */
  line: number;
  column: number;
  message: string;
}

/** Lowercase names that are HTML an editor may really mean; any other lowercase tag is a word in angle brackets. */
const HTML_ELEMENTS = new Set(['a', 'abbr', 'b', 'br', 'cite', 'code', 'del', 'details', 'div', 'em', 'figcaption', 'figure', 'i', 'img', 'ins', 'kbd', 'mark', 'p', 'q', 's', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'u']);

/** Shifts "(3:1)" positions quoted inside a compiler message from body lines to file lines. */
const quotedLine = (text: string) => /\((\d+):\d+\)/.exec(text)?.[1];

/**
 * In a tag that starts `text` (`<Name attr="…`), the attribute whose quote is never closed on
 * the line, and how the tag reads with it closed; undefined when every quote closes.
 */
export function openQuote(text: string): { tag: string; attribute: string; quote: string; fixed: string } | undefined {
  const start = /^<([A-Za-z][\w.:-]*)/.exec(text);
  if (!start) return undefined;
  let i = start[0].length;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const attribute = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(i))?.[0];
    if (!attribute) return undefined;
    i += attribute.length;
    if (text[i] !== '=') continue;
    const quote = text[i + 1];
    if (quote === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (quote !== '"' && quote !== "'") return undefined;
    const end = text.indexOf(quote, i + 2);
    if (end < 0) {
      const value = text.slice(i + 2).split('>')[0]!;
      return { tag: start[1]!, attribute, quote, fixed: `${text.slice(0, i + 2)}${value}${quote}>` };
    }
    i = end + 1;
  }
}

/** An editor's version of the compiler's message; `lineOffset` turns body lines into file lines; `at` is the text where it stopped. */
export function explainMdxError(raw: string, lineOffset: number, at = ''): string {
  const message = raw.replace(/^\d+:\d+:\s*/, '').replace(/\s*\([a-z-]+:[a-z-]+\)\s*$/, '');
  const opened = quotedLine(message);
  const openedLine = opened === undefined ? undefined : Number(opened) + lineOffset;
  let match: RegExpExecArray | null;
  if ((match = /^Expected a closing tag for `<([^>]*)>`/.exec(message))) {
    const name = match[1]!;
    const where = /before the end of `paragraph`/.test(message) ? ' in the same paragraph' : '';
    if (/^[a-z]/.test(name) && !HTML_ELEMENTS.has(name)) {
      return `<${name}> is read as an HTML tag, which is never closed: to show the word in angle brackets as text, write &lt;${name}&gt; or \\<${name}>`;
    }
    if (/^[a-z]/.test(name)) {
      return `<${name}> is an HTML tag that is never closed: close it with </${name}>${where}, or, to show it as text, write &lt;${name}&gt;`;
    }
    return `<${name}> is never closed: close the tag opened on line ${openedLine} with </${name}>${where}`;
  }
  if ((match = /^Unexpected closing tag `<\/([^>]*)>`, expected corresponding closing tag for `<([^>]*)>`/.exec(message))) {
    return `</${match[1]}> does not match the open <${match[2]}>: close the tag opened on line ${openedLine} with </${match[2]}> first`;
  }
  if ((match = /^Unexpected closing tag `<\/([^>]*)>`, expected an open tag first/.exec(message))) {
    return `</${match[1]}> closes a tag that was never opened: add <${match[1]}> before it, or remove it`;
  }
  if (/closing brace for `\{`/.test(message) || /^Could not parse expression/.test(message) || /in expression/.test(message)) {
    return 'a { starts a code expression in MDX and this one is not valid code: to write a curly brace as text, write \\{ (and \\} for the closing one)';
  }
  if (/after `<`, expected a valid JSX tag/.test(message)) {
    const open = openQuote(at);
    if (open) {
      return `the quote ${open.quote} opened after ${open.attribute}= in <${open.tag}> is never closed, so the tag never ends: close the value with ${open.quote} before the >, e.g. ${open.fixed}`;
    }
    return 'a < starts a tag in MDX: to write a less-than sign as text, write &lt; or \\< (e.g. "&lt;2 minutes"); for a link, write [text](https://…)';
  }
  return `${message}: this is MDX syntax; to write <, {, or } as text, write \\<, \\{ or \\}`;
}

/** Syntax problems in an MDX body that starts on line `bodyLine` of its file; [] when it compiles. */
export function mdxSyntaxProblems(body: string, bodyLine = 1): MdxSyntaxProblem[] {
  try {
    mdxToJs(body, { jsxImportSource: 'astro' });
    return [];
  } catch (error) {
    const raw = String((error as Error).message ?? error);
    const position = /^(\d+):(\d+):/.exec(raw);
    const offset = bodyLine - 1;
    const line = position ? Number(position[1]) : 1;
    const column = position ? Number(position[2]) : 1;
    const at = (body.split('\n')[line - 1] ?? '').slice(column - 1);
    return [{ line: line + offset, column, message: explainMdxError(raw, offset, at) }];
  }
}
