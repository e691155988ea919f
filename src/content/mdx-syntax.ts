/**
 * Compiles an MDX body with the compiler the build uses (satteri, through @astrojs/mdx and
 * @astrojs/markdown-satteri) and turns its syntax errors into what an editor can act on:
 * where, what, and how to write it instead. Pure: text in, problems out.
 */
import { mdxToJs } from 'satteri';

export interface MdxSyntaxProblem {
  /** 1-based line in the whole file. */
  line: number;
  column: number;
  message: string;
}

/** Shifts "(3:1)" positions quoted inside a compiler message from body lines to file lines. */
const quotedLine = (text: string) => /\((\d+):\d+\)/.exec(text)?.[1];

/** An editor's version of the compiler's message; `lineOffset` turns body lines into file lines. */
export function explainMdxError(raw: string, lineOffset: number): string {
  const message = raw.replace(/^\d+:\d+:\s*/, '').replace(/\s*\([a-z-]+:[a-z-]+\)\s*$/, '');
  const opened = quotedLine(message);
  const openedLine = opened === undefined ? undefined : Number(opened) + lineOffset;
  let match: RegExpExecArray | null;
  if ((match = /^Expected a closing tag for `<([^>]*)>`/.exec(message))) {
    const where = /before the end of `paragraph`/.test(message) ? ' in the same paragraph' : '';
    return `<${match[1]}> is never closed: close the tag opened on line ${openedLine} with </${match[1]}>${where}`;
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
    return [
      {
        line: position ? Number(position[1]) + offset : bodyLine,
        column: position ? Number(position[2]) : 1,
        message: explainMdxError(raw, offset),
      },
    ];
  }
}
