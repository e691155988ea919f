/**
 * A plain CSV from anywhere (a spreadsheet, another tool, our own `subscribers export`): a
 * header with an email column and optionally first name, status and signup/confirm times,
 * or bare rows "email,first name". Every row is a confirmed subscriber unless a `status`
 * column says otherwise. The operator's --consent note says where the people came from. Pure.
 */
import { addressProblem, readCsvRecords, type CsvTable } from '../../subscribers/csv.ts';
import { columns, consentText, firstName, timestampReader, type ListEntry, type ListFile, type ListProblem, type SourceContext, type SourceResult } from './entries.ts';

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
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  for (const file of files) {
    const t = table(file.text);
    const col = columns(t);
    problems.push(...t.problems.map((p) => ({ file: file.name, ...p })));
    const times = timestampReader(file.name, problems);
    for (const record of t.records) {
      const at = { file: file.name, line: record.line };
      const address = addressProblem(col.get(record, ...EMAIL));
      if ('message' in address) {
        problems.push({ ...at, message: address.message });
        continue;
      }
      const status = (col.get(record, 'status') ?? '').toLowerCase();
      if (SUPPRESSED.has(status)) {
        entries.push({ ...at, kind: 'suppress', email: address.email, reason: `import:csv:${status}`, why: `marked ${status} in the file` });
      } else if (status === 'pending') {
        entries.push({ ...at, kind: 'leave-out', message: `${address.email} never confirmed (status pending): not imported; they can sign up again` });
      } else if (!RECEIVING.has(status)) {
        problems.push({ ...at, message: `status "${status}" is not one this import knows (confirmed, unsubscribed, bounced, pending), so the row was left out` });
      } else {
        const signup = times.read(record, 'signup_at', col.get(record, 'signup_at', 'created_at', 'optin_time'));
        const confirmed = times.read(record, 'confirmed_at', col.get(record, 'confirmed_at', 'confirm_time'));
        entries.push({
          ...at,
          kind: 'subscribe',
          subscriber: {
            email: address.email,
            firstName: firstName(col.get(record, ...NAME)),
            consent: {
              signupAt: signup ?? confirmed ?? context.now,
              signupIp: col.get(record, 'signup_ip') ?? null,
              confirmedAt: confirmed ?? signup ?? context.now,
              confirmIp: col.get(record, 'confirm_ip') ?? null,
              form: 'import',
              consentText: consentText('Imported from a list', at, context.note),
            },
          },
        });
      }
    }
    times.finish();
  }
  return { entries, problems };
}
