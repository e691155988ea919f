/**
 * Substack's subscriber list (Settings → Exports, or Subscribers → Export: the "email list"
 * CSV): `email`, `active_subscription`, `expiry`, `email_disabled`, `prefer_digests`,
 * `created_at` (ISO 8601), sometimes `name`. `email_disabled` true means the reader turned
 * email off; addresses at deletion-request.substack.com stand for erased accounts. Pure.
 */
import type { ListFile, SourceContext, SourceResult } from './entries.ts';
import { readRows, subscriberEntry } from './rows.ts';

const TRUE = new Set(['true', 't', 'yes', '1']);

export function readSubstack(files: readonly ListFile[], context: SourceContext): SourceResult {
  return readRows(files, { email: ['email'], noEmail: 'has no "email" column: not a subscriber list, skipped' }, (row) => {
    if (row.email.endsWith('@deletion-request.substack.com')) return { ...row.at, kind: 'leave-out', message: 'an account erased on Substack (deletion request): not imported' };
    if (TRUE.has((row.cell('email_disabled') ?? '').toLowerCase())) {
      return { ...row.at, kind: 'suppress', email: row.email, reason: 'import:substack:email-disabled', why: 'turned email off on Substack' };
    }
    const created = row.time('created_at', 'created_at', 'subscription_created_at');
    return subscriberEntry(row, { firstName: row.cell('first_name', 'name')?.split(/\s+/)[0], signupAt: created, confirmedAt: created, form: 'import:substack', origin: 'Subscribed on Substack' }, context);
  });
}
