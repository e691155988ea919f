/**
 * Turns the bytes of one content file into a raw entry: UTF-8 check first, then frontmatter
 * (or the whole YAML file for authors). When the frontmatter cannot be read, the entry says why
 * in the editor's words (a frontmatter that never closes, curly quotes, or YAML's own reason).
 * Pure, so tests build entries from text exactly as the check reads them from disk.
 */
import matter from 'gray-matter';
import { load as parseYaml } from 'js-yaml';
import { entryId } from './ids.ts';
import type { RawEntry } from './raw.ts';

/**
 * YAML 1.2 core schema (js-yaml 5): dates stay the text the editor wrote, so the schema can refuse
 * 2026-02-30 instead of receiving a Date already rolled over to March 2 (gray-matter's own YAML 1.1
 * loader, like Astro's, does that).
 */
const yamlEngine = { yaml: (text: string) => parseYaml(text) as object };

/** The first invalid UTF-8 sequence in `bytes`, as a 1-based line and column; undefined for valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const before = text.slice(0, Math.max(0, text.indexOf('\uFFFD'))).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  }
}

/** One tip or issue (MDX with frontmatter) or author (YAML) file; `file` is the path from the repository root. */
export function parseEntry(file: string, bytes: Uint8Array | string): RawEntry {
  const name = file.split('/').pop()!;
  const id = entryId(name);
  const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const invalid = firstInvalidUtf8(raw);
  if (invalid) return { file, id, data: undefined, notUtf8: invalid };
  const source = new TextDecoder('utf-8').decode(raw);
  const isMdx = /\.mdx?$/.test(name);
  const open = isMdx ? unclosedFrontmatter(source) : undefined;
  if (open) return { file, id, source, data: undefined, ...open };
  try {
    if (isMdx) {
      const { data, content } = matter(source, { engines: yamlEngine });
      return { file, id, source, data, body: content };
    }
    return { file, id, source, data: parseYaml(source) };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const line = typeof mark?.line === 'number' ? mark.line + 1 : undefined;
    return { file, id, source, data: undefined, unreadable: explainYamlError((error as Error).message, source, line), ...(line !== undefined ? { unreadableLine: line } : {}) };
  }
}

const lines = (source: string) => source.split(/\r?\n/);

/** A line YAML frontmatter is made of: blank, a comment, `key:`, a list item, or an indented continuation. */
const looksLikeYaml = (line: string) => line.trim() === '' || /^\s*#/.test(line) || /^[A-Za-z_][\w-]*\s*:(\s|$)/.test(line) || /^\s+\S/.test(line) || /^-(\s|$)/.test(line);

/** A frontmatter opened by `---` and never closed by another: where the text seems to start, and what to do. */
function unclosedFrontmatter(source: string): Pick<RawEntry, 'unreadable' | 'unreadableLine'> | undefined {
  const all = lines(source.replace(/^\uFEFF/, ''));
  if (all[0]?.trimEnd() !== '---' || all.slice(1).some((l) => l.trimEnd() === '---')) return undefined;
  const text = all.findIndex((l, i) => i > 0 && !looksLikeYaml(l));
  if (text < 0) return { unreadable: 'the frontmatter opened by --- on line 1 never closes: add a line with only --- after the last field', unreadableLine: 1 };
  return {
    unreadable: `the frontmatter opened by --- on line 1 never closes: add a line with only --- after the last field, before the text that starts on line ${text + 1}`,
    unreadableLine: text + 1,
  };
}

const CURLY = /^([A-Za-z_][\w-]*)\s*:\s*([“”‘’„«»])(.*?)[“”‘’»]?\s*$/;

/** YAML's reason in the editor's words: curly quotes named as such, otherwise YAML's first line and where to look. */
function explainYamlError(message: string, source: string, line: number | undefined): string {
  const written = line === undefined ? undefined : lines(source)[line - 1];
  const curly = written === undefined ? null : CURLY.exec(written.trim());
  if (curly) {
    const [, key, quote, value] = curly;
    return `${key} starts with a curly quote (${quote}), and curly quotes are not YAML quotes, so the colon inside ends the value: type straight quotes instead, e.g. ${key}: ${JSON.stringify(value)}`;
  }
  const reason = message.split('\n')[0]!.replace(/\s*\(\d+:\d+\)$/, '');
  return `the frontmatter is not valid YAML: ${reason}. Check the quotes and indentation near that line`;
}
