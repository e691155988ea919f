/**
 * Buttondown's subscriber export (Subscribers → Export, or the account export's
 * `subscribers.csv` and `unsubscribers.csv`): `email` (or `email_address`), `creation_date`,
 * `subscriber_type` (or `type`: regular, premium, unactivated, unsubscribed, …), `notes`,
 * `metadata` (JSON; a `first_name` there is kept), `source`, `tags`. Pure.
 */
import { addressProblem, readCsvTable } from '../../subscribers/csv.ts';
import { columns, consentText, firstName, timestampReader, type ListEntry, type ListFile, type ListProblem, type SourceContext, type SourceResult } from './entries.ts';

/** Subscriber types that receive mail on Buttondown. */
const RECEIVING = new Set(['regular', 'premium', 'gifted', 'trialed', 'churning', 'past_due', 'comped', 'free', 'paid', 'active']);
/** Types that must never be mailed again. */
const STOPPED: Record<string, string> = {
  unsubscribed: 'unsubscribed on Buttondown',
  removed: 'removed on Buttondown',
  complained: 'marked Buttondown mail as spam',
  undeliverable: 'undeliverable on Buttondown (the address bounced)',
  spammy: 'flagged as spam on Buttondown',
  blocked: 'blocked on Buttondown',
};
/** Types left out: they never confirmed, or asked for a pause. */
const LEFT_OUT: Record<string, string> = {
  unactivated: 'never confirmed on Buttondown (unactivated): not imported; they can sign up again',
  paused: 'paused their subscription on Buttondown: not imported; ask them to sign up again when they want the mail back',
};

/** `metadata` is a JSON object; a first name may live there. */
function metadataFirstName(json: string | undefined): string | undefined {
  if (!json?.startsWith('{')) return undefined;
  try {
    const data = JSON.parse(json) as Record<string, unknown>;
    const name = data['first_name'] ?? data['firstName'] ?? data['name'];
    return typeof name === 'string' ? name.split(/\s+/)[0] : undefined;
  } catch {
    return undefined;
  }
}

export function readButtondown(files: readonly ListFile[], context: SourceContext): SourceResult {
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  for (const file of files) {
    const table = readCsvTable(file.text);
    const col = columns(table);
    if (!col.has('email', 'email_address')) {
      problems.push({ file: file.name, message: 'has no "email" column: not a subscriber list, skipped' });
      continue;
    }
    problems.push(...table.problems.map((p) => ({ file: file.name, ...p })));
    const unsubscribers = /unsubscriber/i.test(file.name.replace(/^.*[/\\:]/, ''));
    const times = timestampReader(file.name, problems);
    for (const record of table.records) {
      const at = { file: file.name, line: record.line };
      const address = addressProblem(col.get(record, 'email', 'email_address'));
      if ('message' in address) {
        problems.push({ ...at, message: address.message });
        continue;
      }
      const type = unsubscribers ? 'unsubscribed' : (col.get(record, 'subscriber_type', 'type') ?? 'regular').toLowerCase();
      if (STOPPED[type]) {
        entries.push({ ...at, kind: 'suppress', email: address.email, reason: `import:buttondown:${type}`, why: STOPPED[type] });
      } else if (LEFT_OUT[type]) {
        entries.push({ ...at, kind: 'leave-out', message: `${address.email} ${LEFT_OUT[type]}` });
      } else if (!RECEIVING.has(type)) {
        problems.push({ ...at, message: `subscriber type "${type}" is not one this import knows, so the row was left out: add the address by hand if they should get the mail` });
      } else {
        const created = times.read(record, 'creation_date', col.get(record, 'creation_date', 'created_date', 'date')) ?? context.now;
        entries.push({
          ...at,
          kind: 'subscribe',
          subscriber: {
            email: address.email,
            firstName: firstName(col.get(record, 'first_name') ?? metadataFirstName(col.get(record, 'metadata'))),
            consent: { signupAt: created, signupIp: col.get(record, 'ip_address') ?? null, confirmedAt: created, confirmIp: null, form: 'import:buttondown', consentText: consentText('Subscribed on Buttondown', at, context.note) },
          },
        });
      }
    }
    times.finish();
  }
  return { entries, problems };
}
