/**
 * CSV in and out for subscriber lists. Pure: bytes or text in, rows and problems out.
 *
 * Reading is forgiving, because the files come from other tools and spreadsheets: the
 * encoding is detected (UTF-8, UTF-16 with or without a byte-order mark, else Windows-1252
 * and said so), the delimiter is detected (comma, semicolon, tab), and a row the CSV parser
 * cannot read (a stray or unclosed quote) is reported by its line and skipped while every
 * other row is kept.
 */
import { parse } from 'csv-parse/sync';
import { printable } from '../lib/printable.ts';
import { checkEmailAddress } from './email-address.ts';
import type { Subscriber } from './store.ts';

/** Something wrong with one line of a file, in the operator's words. */
export interface LineProblem {
  line: number;
  message: string;
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Said to the operator when the encoding was guessed rather than marked. */
  note?: string;
}

/** Spreadsheets save UTF-16 with a byte-order mark; some tools without: every other byte is then zero. */
function utf16WithoutBom(bytes: Uint8Array): TextEncodingName | undefined {
  const sample = bytes.subarray(0, 2000);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) (i % 2 === 0 ? evenZeros++ : oddZeros++);
  const half = sample.length / 2;
  if (oddZeros > half * 0.4 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > half * 0.4 && oddZeros === 0) return 'utf-16be';
  return undefined;
}

/** Decodes a file of unknown encoding: byte-order marks first, then strict UTF-8, else Windows-1252 (said so). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const decode = (encoding: TextEncodingName, from = 0) => new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(from));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: decode('utf-8', 3), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decode('utf-16le', 2), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decode('utf-16be', 2), encoding: 'utf-16be' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decode(utf16), encoding: utf16, note: `read as ${utf16.toUpperCase()} (every other byte is zero)` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return {
      text: decode('windows-1252'),
      encoding: 'windows-1252',
      note: 'is not UTF-8, so it was read as Windows-1252 (Latin-1); if accented names look wrong, save the file as UTF-8 and import it again',
    };
  }
}

/** The delimiter of the header line: the most frequent of comma, semicolon and tab outside quotes. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const counts = new Map([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  const [best, count] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  return count > 0 ? best : ',';
}

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells: string[];
}

/** Beyond this many unreadable rows the file is not a CSV worth reading row by row. */
export const MAX_UNREADABLE_ROWS = 1000;

const PARSE_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote (") opens a cell here and never closes, so the row was left out: remove the quote or close it',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a cell has text after its closing quote (") so the row was left out: remove the stray quote, or write a quote inside a quoted cell as ""',
  CSV_INVALID_CLOSING_QUOTE: 'a cell has text after its closing quote (") so the row was left out: remove the stray quote, or write a quote inside a quoted cell as ""',
};

/** Offsets where each physical line starts (index 0 is line 1). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\n|\r/g)) starts.push(match.index + match[0].length);
  return starts;
}

/**
 * Every record of a CSV text with the line it starts on. A record the parser refuses is
 * reported on its first line, and reading resumes on the next line, so one bad quote costs
 * one row. More than MAX_UNREADABLE_ROWS such rows: the text is probably not CSV at all.
 */
export function readCsvRecords(text: string, delimiter = detectDelimiter(text)): { records: CsvRecord[]; problems: LineProblem[] } {
  const starts = lineStarts(text);
  const records: CsvRecord[] = [];
  const problems: LineProblem[] = [];
  let fromLine = 1;
  while (fromLine <= starts.length) {
    // A record spans one line plus the line breaks inside its quoted cells (the parser's own
    // line count goes wrong on CRLF inside quotes).
    let next = fromLine;
    try {
      parse(text.slice(starts[fromLine - 1]), {
        delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        trim: true,
        bom: true,
        on_record: (record: string[]) => {
          records.push({ line: next, cells: record });
          next += 1;
          for (const cell of record) if (/[\r\n]/.test(cell)) next += cell.match(/\r\n|\n|\r/g)!.length;
          return null;
        },
      } as never);
      return { records, problems };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      problems.push({ line: next, message: PARSE_ERRORS[code] ?? `this row could not be read as CSV (${(error as Error).message}), so it was left out` });
      if (problems.length > MAX_UNREADABLE_ROWS) {
        problems.push({ line: next, message: `more than ${MAX_UNREADABLE_ROWS} rows could not be read: stopped reading; is this a CSV file?` });
        return { records, problems };
      }
      fromLine = next + 1;
    }
  }
  return { records, problems };
}

/** A whole table: the header's cells lowercased, and the data records after it. */
export interface CsvTable {
  header: string[];
  records: CsvRecord[];
  problems: LineProblem[];
}

/** Reads a CSV whose first record is a header. */
export function readCsvTable(text: string): CsvTable {
  const { records, problems } = readCsvRecords(text);
  const headerAt = records.findIndex((r) => r.cells.some((c) => c !== ''));
  if (headerAt < 0) return { header: [], records: [], problems };
  return {
    header: records[headerAt]!.cells.map((h) => h.trim().toLowerCase()),
    records: records.slice(headerAt + 1).filter((r) => r.cells.some((c) => c !== '')),
    problems,
  };
}

/** Why a cell is not an address, in the words of someone reading a spreadsheet. */
export function addressProblem(cell: string | undefined, column = 'email'): { email: string } | { message: string } {
  if (cell === undefined || cell.trim() === '') return { message: `the ${column} cell is empty` };
  const address = checkEmailAddress(cell);
  if (address.ok) return { email: address.email };
  if (address.message.includes('too long')) return { message: `"${printable(cell).slice(0, 60)}…" is longer than an email address can be` };
  return { message: `"${printable(cell)}" in the ${column} column is not an email address` };
}

const cell = (value: string | null) => {
  // Control and direction characters never reach a spreadsheet or a terminal.
  const text = printable(value ?? '');
  // Quote when needed; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const EXPORT_COLUMNS = ['email', 'first_name', 'status', 'signup_at', 'signup_ip', 'form', 'consent_text', 'confirmed_at', 'confirm_ip', 'unsubscribed_at'];

export function toCsv(subscribers: Subscriber[]): string {
  const lines = subscribers.map((s) =>
    [s.email, s.firstName, s.status, s.consent.signupAt, s.consent.signupIp, s.consent.form, s.consent.consentText, s.consent.confirmedAt, s.consent.confirmIp, s.consent.unsubscribedAt].map(cell).join(','),
  );
  return `${[EXPORT_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
