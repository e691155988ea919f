/**
 * Turns the bytes of one content file into a raw entry: UTF-8 check first, then frontmatter
 * (or the whole YAML file for authors). Pure, so tests build entries from text exactly as the
 * check reads them from disk.
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
  try {
    if (/\.mdx?$/.test(name)) {
      const { data, content } = matter(source, { engines: yamlEngine });
      return { file, id, source, data, body: content };
    }
    return { file, id, source, data: parseYaml(source) };
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    return {
      file,
      id,
      source,
      data: undefined,
      unreadable: (error as Error).message,
      ...(typeof mark?.line === 'number' ? { unreadableLine: mark.line + 1 } : {}),
    };
  }
}
