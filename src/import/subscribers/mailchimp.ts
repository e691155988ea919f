/**
 * Mailchimp's audience export (Audience → Export audience): a zip of one CSV per status,
 * `subscribed_members_export_<id>.csv`, `unsubscribed_…`, `cleaned_…` (hard bounces) and, in
 * newer exports, `nonsubscribed_…`, each with `Email Address`, `First Name`, `OPTIN_TIME`,
 * `OPTIN_IP`, `CONFIRM_TIME`, `CONFIRM_IP` (UTC, "YYYY-MM-DD HH:MM:SS") and more. Pure.
 */
import type { ListFile, SourceContext, SourceResult } from './entries.ts';
import { readRows, subscriberEntry } from './rows.ts';

type FileKind = 'subscribed' | 'unsubscribed' | 'cleaned' | 'nonsubscribed';

/** Which of the export's files this is, by its name (the status is not a column). */
export function mailchimpFileKind(name: string): FileKind | undefined {
  const base = name.replace(/^.*[/\\:]/, '').toLowerCase();
  const match = /^(subscribed|unsubscribed|cleaned|nonsubscribed)_(members_)?export.*\.csv$/.exec(base);
  return match?.[1] as FileKind | undefined;
}

const SUPPRESS_WHY = { unsubscribed: 'unsubscribed on Mailchimp', cleaned: 'cleaned on Mailchimp (the address bounced)' } as const;

export function readMailchimp(files: readonly ListFile[], context: SourceContext): SourceResult {
  const options = {
    email: ['email address'],
    emailLabel: 'Email Address',
    noEmail: 'has no "Email Address" column, so nothing in it was imported: is it a Mailchimp export?',
    skip: (file: ListFile) =>
      mailchimpFileKind(file.name)
        ? undefined
        : 'is not one of the files of a Mailchimp audience export (subscribed_members_export_….csv, unsubscribed_…, cleaned_…), so nothing in it was imported: give the export as Mailchimp made it, or import a plain list with `npm run import -- subscribers csv`',
  };
  return readRows(files, options, (row, file) => {
    const kind = mailchimpFileKind(file.name)!;
    if (kind === 'nonsubscribed') return { ...row.at, kind: 'leave-out', message: `${row.email} never subscribed on Mailchimp (a non-subscribed contact): not imported` };
    if (kind !== 'subscribed') return { ...row.at, kind: 'suppress', email: row.email, reason: `import:mailchimp:${kind}`, why: SUPPRESS_WHY[kind] };
    return subscriberEntry(row, {
      firstName: row.cell('first name', 'fname'),
      signupAt: row.time('OPTIN_TIME', 'optin_time'),
      confirmedAt: row.time('CONFIRM_TIME', 'confirm_time'),
      signupIp: row.cell('optin_ip'),
      confirmIp: row.cell('confirm_ip'),
      form: 'import:mailchimp',
      origin: 'Subscribed on Mailchimp',
    }, context);
  });
}
