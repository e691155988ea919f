/** CSV in and out for the subscribers CLI. Pure. */
import { parse } from 'csv-parse/sync';
import { printable } from '../lib/printable.ts';
import { checkEmailAddress, cleanFirstName } from './email-address.ts';
import type { ImportRow, Subscriber } from './store.ts';

export interface ImportPlan {
  rows: ImportRow[];
  /** "line 4: …" for every row that was left out. */
  problems: string[];
}

const EMAIL_HEADERS = ['email', 'e-mail', 'email address', 'email_address'];
const NAME_HEADERS = ['first_name', 'firstname', 'first name', 'name', 'given_name'];

/** Reads a CSV of subscribers: a header with an email column (and optionally a first-name column), or bare rows "email,first name". */
export function planImport(csv: string): ImportPlan {
  const records = parse(csv, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true, trim: true }) as string[][];
  const first = records[0]?.map((h) => h.toLowerCase()) ?? [];
  const hasHeader = first.some((h) => EMAIL_HEADERS.includes(h));
  const emailCol = hasHeader ? first.findIndex((h) => EMAIL_HEADERS.includes(h)) : 0;
  const nameCol = hasHeader ? first.findIndex((h) => NAME_HEADERS.includes(h)) : 1;
  const rows: ImportRow[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, index) => {
    const line = index + 1;
    if ((hasHeader && index === 0) || record.every((cell) => cell === '')) return;
    const address = checkEmailAddress(record[emailCol]);
    if (!address.ok) {
      problems.push(`line ${line}: "${printable(record[emailCol] ?? '')}": ${address.message}`);
      return;
    }
    if (seen.has(address.email)) {
      problems.push(`line ${line}: ${address.email} appears earlier in the file; kept the first`);
      return;
    }
    const name = nameCol >= 0 ? cleanFirstName(record[nameCol]) : ({ ok: true, firstName: undefined } as const);
    if (!name.ok) {
      problems.push(`line ${line}: ${address.email}: ${name.message}`);
      return;
    }
    seen.add(address.email);
    rows.push({ email: address.email, firstName: name.firstName });
  });
  return { rows, problems };
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
