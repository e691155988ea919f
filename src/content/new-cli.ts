/** `npm run new -- tip "<title>"` and `npm run new -- issue`: writes a new content file, never over an existing one. */
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';
import { readContent } from './read-content.fs.ts';
import { issueTemplate, nextIssue, tipFileName, tipTemplate } from './scaffold.ts';

/** A mistake on the command line or a file that already exists: printed as is, exit 2. */
export class NewError extends UsageError {}

export function main(argv: string[], rootDir: string, io: { out: (t: string) => void; now: () => Date }): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { author: { type: 'string' }, tip: { type: 'string' } } });
  const [kind, title] = positionals;
  const content = readContent(rootDir);
  let path: string;
  let text: string;
  if (kind === 'tip') {
    if (!title?.trim()) throw new NewError('Give the tip a title: npm run new -- tip "Say when, then beat it"');
    const author = values.author ?? content.authors[0]?.id;
    if (!author) throw new NewError('There are no authors yet: add content/authors/<your-name>.yaml first (name and bio).');
    if (!content.authors.some((a) => a.id === author)) throw new NewError(`"${author}" is not an author; use one of ${content.authors.map((a) => a.id).join(', ')}.`);
    path = join(rootDir, 'content/tips', tipFileName(title));
    text = tipTemplate({ title: title.trim(), date: io.now(), author });
  } else if (kind === 'issue') {
    const next = nextIssue(content, io.now());
    const tip = values.tip ?? next.tip;
    // Plain Markdown: an editor's note rarely needs a component, and Markdown adds no module to
    // the site's bundle. The content check asks for .mdx as soon as a component appears.
    const name = String(next.number).padStart(3, '0');
    const taken = ['md', 'mdx'].map((ext) => join(rootDir, 'content/issues', `${name}.${ext}`)).find((p) => existsSync(p));
    if (taken) throw new NewError(`${relative(rootDir, taken)} already exists; nothing was written. Edit that file, or give it the next number.`);
    path = join(rootDir, 'content/issues', `${name}.md`);
    text = issueTemplate({ number: next.number, date: next.date, tip });
  } else {
    throw new NewError('Usage: npm run new -- tip "<title>" [--author <id>]   or   npm run new -- issue [--tip <tip file name>]');
  }
  if (existsSync(path)) throw new NewError(`${relative(rootDir, path)} already exists; nothing was written. Choose another title, or edit that file.`);
  writeFileSync(path, text, { flag: 'wx' });
  io.out(`Created ${relative(rootDir, path)}. Edit it, preview with \`npm run dev\`, and run \`npm run check\`. It is a draft until you set draft: false.\n`);
  return 0;
}
