/**
 * What a row of another platform's subscriber export says about one address, and the small
 * readers every source shares (columns by name, timestamps, first names). Pure.
 */
import { printable } from '../../lib/printable.ts';
import { cleanFirstName } from '../../subscribers/email-address.ts';
import type { CsvRecord, CsvTable } from '../../subscribers/csv.ts';
import type { ImportedSubscriber } from '../../subscribers/store.ts';

export const LIST_SOURCES = ['mailchimp', 'substack', 'buttondown', 'csv'] as const;
export type ListSource = (typeof LIST_SOURCES)[number];

/** One file of an export, decoded. */
export interface ListFile {
  /** As the operator will recognise it: the path, or "export.zip:subscribed_members_export_1.csv". */
  name: string;
  text: string;
  /** Said once per file when its encoding was guessed. */
  encodingNote?: string | undefined;
}

interface At {
  file: string;
  line: number;
}

/** A row's meaning: a confirmed subscriber, an address never to mail, or a row left out on purpose. */
export type ListEntry =
  | (At & { kind: 'subscribe'; subscriber: ImportedSubscriber })
  | (At & { kind: 'suppress'; email: string; reason: string; why: string })
  | (At & { kind: 'leave-out'; message: string });

/** A row that could not be used, or something about a whole file. */
export interface ListProblem {
  file: string;
  line?: number | undefined;
  message: string;
}

export interface SourceResult {
  entries: ListEntry[];
  problems: ListProblem[];
}

/** What every source reader is given besides the files. */
export interface SourceContext {
  /** The import's clock: the consent time of rows that carry none. */
  now: Date;
  /** The operator's --consent note, added to each consent record. */
  note?: string | undefined;
}

/** Finds cells by any of a column's names (headers are lowercased by readCsvTable). */
export function columns(table: CsvTable) {
  // Looked up once per set of names, not once per row: a 10,000-row list reads each column 10,000 times.
  const found = new Map<string, number>();
  const index = (...names: string[]) => {
    const key = names.join('\n');
    let at = found.get(key);
    if (at === undefined) found.set(key, (at = table.header.findIndex((h) => names.includes(h))));
    return at;
  };
  return {
    has: (...names: string[]) => index(...names) >= 0,
    get: (record: CsvRecord, ...names: string[]): string | undefined => {
      const i = index(...names);
      const value = i >= 0 ? record.cells[i]?.trim() : undefined;
      return value === '' ? undefined : value;
    },
  };
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i;

/**
 * A timestamp as exports write it: "2018-02-12 10:54:27" (Mailchimp, UTC), ISO 8601 with a
 * zone (Substack, Buttondown). No zone means UTC. Undefined when it is not one.
 */
export function parseTimestamp(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const match = TIMESTAMP.exec(text.trim());
  if (!match) return undefined;
  const zone = !match[3] || /^(utc|gmt)$/i.test(match[3]) ? 'Z' : match[3];
  const date = new Date(`${match[1]}T${match[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Counts the rows of a file whose timestamp column could not be read, to say so once per file. */
export function timestampReader(file: string, problems: ListProblem[]) {
  const unreadable = new Map<string, { count: number; line: number; value: string }>();
  return {
    read(record: CsvRecord, column: string, value: string | undefined): Date | undefined {
      const date = parseTimestamp(value);
      if (value !== undefined && date === undefined) {
        const seen = unreadable.get(column);
        if (seen) seen.count++;
        else unreadable.set(column, { count: 1, line: record.line, value });
      }
      return date;
    },
    finish() {
      for (const [column, { count, line, value }] of unreadable) {
        problems.push({
          file,
          line,
          message: `${column} "${printable(value)}" is not a date and time (YYYY-MM-DD HH:MM:SS)${count > 1 ? `, nor is it on ${count - 1} more row(s)` : ''}: those rows record the time of this import instead`,
        });
      }
    },
  };
}

/** A first name safe to greet with, or undefined (too long or odd names are dropped, not the row). */
export function firstName(cell: string | undefined): string | undefined {
  const name = cleanFirstName(cell);
  return name.ok ? name.firstName : undefined;
}

/** The consent text: where the record comes from, plus the operator's note. */
export function consentText(origin: string, at: At, note: string | undefined): string {
  const where = `${origin} (${at.file}, line ${at.line})`;
  return note ? `${where}. ${note}` : where;
}
