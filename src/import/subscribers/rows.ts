/**
 * The row loop every source shares: each file's table, its email column, each row's address
 * checked (a bad one is a problem on its line), cells by column name, timestamps (a column
 * that cannot be read is said once per file), and the subscriber entry with its consent
 * record. A source says only what a row means. Pure.
 */
import { addressProblem, readCsvTable, type CsvTable } from '../../subscribers/csv.ts';
import { columns, consentText, firstName, timestampReader, type ListEntry, type ListFile, type ListProblem, type SourceContext, type SourceResult } from './entries.ts';

export interface Row {
  at: { file: string; line: number };
  email: string;
  /** A cell by any of its column's names (lowercase); undefined when empty or absent. */
  cell: (...names: string[]) => string | undefined;
  /** A timestamp cell, named `column` in messages; undefined when empty or unreadable. */
  time: (column: string, ...names: string[]) => Date | undefined;
}

export interface RowOptions {
  /** Names of the email column, lowercase. */
  email: string[];
  /** The email column as the platform calls it, for messages. */
  emailLabel?: string;
  /** Said of a file without an email column (the file is skipped). */
  noEmail: string;
  /** A reason to skip a whole file (said once), or undefined to read it. */
  skip?: (file: ListFile) => string | undefined;
  /** Reads a file's table; by default the first row is the header. */
  table?: (text: string) => CsvTable;
}

/** What a row means, or a problem with it (reported on its line). */
export type RowOutcome = ListEntry | { problem: string };

export function readRows(files: readonly ListFile[], options: RowOptions, visit: (row: Row, file: ListFile) => RowOutcome): SourceResult {
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  for (const file of files) {
    const skip = options.skip?.(file);
    if (skip) {
      problems.push({ file: file.name, message: skip });
      continue;
    }
    const table = (options.table ?? readCsvTable)(file.text);
    const col = columns(table);
    if (!col.has(...options.email)) {
      problems.push({ file: file.name, message: options.noEmail });
      continue;
    }
    problems.push(...table.problems.map((p) => ({ file: file.name, ...p })));
    const times = timestampReader(file.name, problems);
    for (const record of table.records) {
      const at = { file: file.name, line: record.line };
      const address = addressProblem(col.get(record, ...options.email), options.emailLabel);
      if ('message' in address) {
        problems.push({ ...at, message: address.message });
        continue;
      }
      const cell = (...names: string[]) => col.get(record, ...names);
      const outcome = visit({ at, email: address.email, cell, time: (column, ...names) => times.read(record, column, cell(...names)) }, file);
      if ('problem' in outcome) problems.push({ ...at, message: outcome.problem });
      else entries.push(outcome);
    }
    times.finish();
  }
  return { entries, problems };
}

export interface ConsentFields {
  /** The first-name cell as the platform wrote it. */
  firstName: string | undefined;
  signupAt: Date | undefined;
  confirmedAt: Date | undefined;
  signupIp?: string | undefined;
  confirmIp?: string | undefined;
  /** e.g. "import:mailchimp". */
  form: string;
  /** e.g. "Subscribed on Mailchimp"; the file and line are added. */
  origin: string;
}

/** A confirmed subscriber with the consent record the platform kept (times missing on both sides: the import's). */
export function subscriberEntry(row: Row, fields: ConsentFields, context: SourceContext): ListEntry {
  return {
    ...row.at,
    kind: 'subscribe',
    subscriber: {
      email: row.email,
      firstName: firstName(fields.firstName),
      consent: {
        signupAt: fields.signupAt ?? fields.confirmedAt ?? context.now,
        signupIp: fields.signupIp ?? null,
        confirmedAt: fields.confirmedAt ?? fields.signupAt ?? context.now,
        confirmIp: fields.confirmIp ?? null,
        form: fields.form,
        consentText: consentText(fields.origin, row.at, context.note),
      },
    },
  };
}
