/**
 * A plain CSV from anywhere (a spreadsheet, another tool, our own `subscribers export`): a
 * header with an email column and optionally first name, status and signup/confirm times,
 * or bare rows "email,first name". Every row is a confirmed subscriber unless a `status`
 * column says otherwise. The operator's --consent note says where the people came from. Pure.
 */
import { readCsvRecords, type CsvTable } from '../../subscribers/csv.ts';
import type { ListFile, SourceContext, SourceResult } from './entries.ts';
import { readRows, subscriberEntry } from './rows.ts';

const EMAIL = ['email', 'e-mail', 'email address', 'email_address'];
const NAME = ['first_name', 'firstname', 'first name', 'fname', 'given_name', 'name'];
const SUPPRESSED = new Set(['unsubscribed', 'bounced', 'cleaned', 'complained', 'suppressed', 'blocked']);
const RECEIVING = new Set(['', 'confirmed', 'subscribed', 'active', 'yes', 'true']);

/** The table with its header, or bare rows read as "email,first name". */
function table(text: string): CsvTable {
  const { records, problems } = readCsvRecords(text);
  const rows = records.filter((r) => r.cells.some((c) => c !== ''));
  const header = rows[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  if (header.some((h) => EMAIL.includes(h))) return { header, records: rows.slice(1), problems };
  return { header: ['email', 'first_name'], records: rows, problems };
}

export function readGenericCsv(files: readonly ListFile[], context: SourceContext): SourceResult {
  return readRows(files, { email: EMAIL, noEmail: 'has no email column', table }, (row) => {
    const status = (row.cell('status') ?? '').toLowerCase();
    if (SUPPRESSED.has(status)) return { ...row.at, kind: 'suppress', email: row.email, reason: `import:csv:${status}`, why: `marked ${status} in the file` };
    if (status === 'pending') return { ...row.at, kind: 'leave-out', message: `${row.email} never confirmed (status pending): not imported; they can sign up again` };
    if (!RECEIVING.has(status)) return { problem: `status "${status}" is not one this import knows (confirmed, unsubscribed, bounced, pending), so the row was left out` };
    return subscriberEntry(row, {
      firstName: row.cell(...NAME),
      signupAt: row.time('signup_at', 'signup_at', 'created_at', 'optin_time'),
      confirmedAt: row.time('confirmed_at', 'confirmed_at', 'confirm_time'),
      signupIp: row.cell('signup_ip'),
      confirmIp: row.cell('confirm_ip'),
      form: 'import',
      origin: 'Imported from a list',
    }, context);
  });
}
