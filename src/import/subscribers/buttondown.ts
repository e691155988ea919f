/**
 * Buttondown's subscriber export (Subscribers → Export, or the account export's
 * `subscribers.csv` and `unsubscribers.csv`): `email` (or `email_address`), `creation_date`,
 * `subscriber_type` (or `type`: regular, premium, unactivated, unsubscribed, …), `notes`,
 * `metadata` (JSON; a `first_name` there is kept), `source`, `tags`. Pure.
 */
import type { ListFile, SourceContext, SourceResult } from './entries.ts';
import { readRows, subscriberEntry } from './rows.ts';

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
  return readRows(files, { email: ['email', 'email_address'], noEmail: 'has no "email" column: not a subscriber list, skipped' }, (row, file) => {
    const unsubscribers = /unsubscriber/i.test(file.name.replace(/^.*[/\\:]/, ''));
    const type = unsubscribers ? 'unsubscribed' : (row.cell('subscriber_type', 'type') ?? 'regular').toLowerCase();
    if (STOPPED[type]) return { ...row.at, kind: 'suppress', email: row.email, reason: `import:buttondown:${type}`, why: STOPPED[type] };
    if (LEFT_OUT[type]) return { ...row.at, kind: 'leave-out', message: `${row.email} ${LEFT_OUT[type]}` };
    if (!RECEIVING.has(type)) return { problem: `subscriber type "${type}" is not one this import knows, so the row was left out: add the address by hand if they should get the mail` };
    const created = row.time('creation_date', 'creation_date', 'created_date', 'date');
    return subscriberEntry(row, {
      firstName: row.cell('first_name') ?? metadataFirstName(row.cell('metadata')),
      signupAt: created,
      confirmedAt: created,
      signupIp: row.cell('ip_address'),
      form: 'import:buttondown',
      origin: 'Subscribed on Buttondown',
    }, context);
  });
}
