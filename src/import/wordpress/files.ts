/**
 * The text of each file the WordPress import writes: a tip (MDX), an archive issue (Markdown)
 * and an author (YAML), each with the line of every field, so a note about a field can say
 * `file:line`. Strings are written as JSON strings, which YAML reads as double-quoted scalars:
 * no quoting mistakes whatever the text holds. Pure.
 */
import type { DigestPick } from './digest.ts';

const q = (text: string) => JSON.stringify(text);

/** A file's text, and the 1-based line where each named field was written. */
export interface EntryText {
  text: string;
  lines: Record<string, number>;
  /** The line where the body starts (after the closing ---). */
  bodyLine: number;
}

function entry(fields: [string, string][], body: string): EntryText {
  const lines: Record<string, number> = {};
  const out = ['---'];
  for (const [name, value] of fields) {
    lines[name] = out.length + 1;
    // A value starting with a line break is a block (the list of picks).
    out.push(...(value.startsWith('\n') ? `${name}:${value}` : `${name}: ${value}`).split('\n'));
  }
  out.push('---', '');
  const bodyLine = out.length + 1;
  return { text: `${out.join('\n')}\n${body ? `${body}\n` : ''}`, lines, bodyLine };
}

export interface TipFields {
  title: string;
  date: string;
  summary: string;
  takeaway: string;
  tags: string[];
  author: string;
  hero?: { path: string; alt: string } | undefined;
  series?: string | undefined;
  draft: boolean;
}

export function tipText(tip: TipFields, body: string): EntryText {
  const fields: [string, string][] = [
    ['title', q(tip.title)],
    ['date', tip.date],
    ['summary', q(tip.summary)],
    ['takeaway', q(tip.takeaway)],
    ['tags', `[${tip.tags.map(q).join(', ')}]`],
    ['author', tip.author],
  ];
  if (tip.hero) fields.push(['hero', tip.hero.path], ['heroAlt', q(tip.hero.alt)]);
  if (tip.series) fields.push(['series', q(tip.series)]);
  if (tip.draft) fields.push(['draft', 'true']);
  return entry(fields, body);
}

export interface IssueFields {
  number: number;
  date: string;
  title: string;
  picks: DigestPick[];
  draft: boolean;
}

export function issueText(issue: IssueFields, note: string): EntryText {
  const picks = issue.picks
    .map((p) => [`\n  - title: ${q(p.title)}`, `url: ${q(p.url)}`, `author: ${q(p.author)}`, `source: ${q(p.source)}`, `summary: ${q(p.summary)}`, `comment: ${q(p.comment)}`].join('\n    '))
    .join('');
  const fields: [string, string][] = [
    ['number', String(issue.number)],
    ['date', issue.date],
    ['title', q(issue.title)],
    ['archived', 'true'],
    ['picks', picks],
  ];
  if (issue.draft) fields.push(['draft', 'true']);
  return entry(fields, note);
}

export interface AuthorFields {
  name: string;
  bio: string;
  url?: string | undefined;
  guest: boolean;
}

export function authorText(author: AuthorFields): string {
  const lines = [`name: ${q(author.name)}`, `bio: ${q(author.bio)}`];
  if (author.url) lines.push(`url: ${q(author.url)}`);
  if (author.guest) lines.push('guest: true');
  return `${lines.join('\n')}\n`;
}

/** The 1-based line of the first line of `text` holding `snippet`, if any. */
export function lineOf(text: string, snippet: string): number | undefined {
  if (!snippet) return undefined;
  const at = text.indexOf(snippet);
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}
