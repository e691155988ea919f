/**
 * Substack's subscriber list (Settings → Exports, or Subscribers → Export: the "email list"
 * CSV): `email`, `active_subscription`, `expiry`, `email_disabled`, `prefer_digests`,
 * `created_at` (ISO 8601), sometimes `name`. `email_disabled` true means the reader turned
 * email off; addresses at deletion-request.substack.com stand for erased accounts. Pure.
 */
import { addressProblem, readCsvTable } from '../../subscribers/csv.ts';
import { columns, consentText, firstName, timestampReader, type ListEntry, type ListFile, type ListProblem, type SourceContext, type SourceResult } from './entries.ts';

const TRUE = new Set(['true', 't', 'yes', '1']);

export function readSubstack(files: readonly ListFile[], context: SourceContext): SourceResult {
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  for (const file of files) {
    const table = readCsvTable(file.text);
    const col = columns(table);
    if (!col.has('email')) {
      problems.push({ file: file.name, message: 'has no "email" column: not a subscriber list, skipped' });
      continue;
    }
    problems.push(...table.problems.map((p) => ({ file: file.name, ...p })));
    const times = timestampReader(file.name, problems);
    for (const record of table.records) {
      const at = { file: file.name, line: record.line };
      const cell = col.get(record, 'email');
      if (cell && /@deletion-request\.substack\.com$/i.test(cell)) {
        entries.push({ ...at, kind: 'leave-out', message: 'an account erased on Substack (deletion request): not imported' });
        continue;
      }
      const address = addressProblem(cell);
      if ('message' in address) {
        problems.push({ ...at, message: address.message });
        continue;
      }
      if (TRUE.has((col.get(record, 'email_disabled') ?? '').toLowerCase())) {
        entries.push({ ...at, kind: 'suppress', email: address.email, reason: 'import:substack:email-disabled', why: 'turned email off on Substack' });
        continue;
      }
      const created = times.read(record, 'created_at', col.get(record, 'created_at', 'subscription_created_at')) ?? context.now;
      entries.push({
        ...at,
        kind: 'subscribe',
        subscriber: {
          email: address.email,
          firstName: firstName(col.get(record, 'first_name', 'name')?.split(/\s+/)[0]),
          consent: { signupAt: created, signupIp: null, confirmedAt: created, confirmIp: null, form: 'import:substack', consentText: consentText('Subscribed on Substack', at, context.note) },
        },
      });
    }
    times.finish();
  }
  return { entries, problems };
}
