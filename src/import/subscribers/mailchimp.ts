/**
 * Mailchimp's audience export (Audience → Export audience): a zip of one CSV per status,
 * `subscribed_members_export_<id>.csv`, `unsubscribed_…`, `cleaned_…` (hard bounces) and, in
 * newer exports, `nonsubscribed_…`, each with `Email Address`, `First Name`, `OPTIN_TIME`,
 * `OPTIN_IP`, `CONFIRM_TIME`, `CONFIRM_IP` (UTC, "YYYY-MM-DD HH:MM:SS") and more. Pure.
 */
import { addressProblem, readCsvTable } from '../../subscribers/csv.ts';
import { columns, consentText, firstName, timestampReader, type ListEntry, type ListFile, type ListProblem, type SourceContext, type SourceResult } from './entries.ts';

type FileKind = 'subscribed' | 'unsubscribed' | 'cleaned' | 'nonsubscribed';

/** Which of the export's files this is, by its name (the status is not a column). */
export function mailchimpFileKind(name: string): FileKind | undefined {
  const base = name.replace(/^.*[/\\:]/, '').toLowerCase();
  const match = /^(subscribed|unsubscribed|cleaned|nonsubscribed)_(members_)?export.*\.csv$/.exec(base);
  return match?.[1] as FileKind | undefined;
}

const SUPPRESS_WHY = { unsubscribed: 'unsubscribed on Mailchimp', cleaned: 'cleaned on Mailchimp (the address bounced)' } as const;

export function readMailchimp(files: readonly ListFile[], context: SourceContext): SourceResult {
  const entries: ListEntry[] = [];
  const problems: ListProblem[] = [];
  for (const file of files) {
    const kind = mailchimpFileKind(file.name);
    if (!kind) {
      problems.push({
        file: file.name,
        message: 'is not one of the files of a Mailchimp audience export (subscribed_members_export_….csv, unsubscribed_…, cleaned_…), so nothing in it was imported: give the export as Mailchimp made it, or import a plain list with `npm run import -- subscribers csv`',
      });
      continue;
    }
    const table = readCsvTable(file.text);
    problems.push(...table.problems.map((p) => ({ file: file.name, ...p })));
    const col = columns(table);
    if (!col.has('email address')) {
      problems.push({ file: file.name, message: 'has no "Email Address" column, so nothing in it was imported: is it a Mailchimp export?' });
      continue;
    }
    const times = timestampReader(file.name, problems);
    for (const record of table.records) {
      const at = { file: file.name, line: record.line };
      const address = addressProblem(col.get(record, 'email address'), 'Email Address');
      if ('message' in address) {
        problems.push({ ...at, message: address.message });
        continue;
      }
      if (kind === 'nonsubscribed') {
        entries.push({ ...at, kind: 'leave-out', message: `${address.email} never subscribed on Mailchimp (a non-subscribed contact): not imported` });
      } else if (kind !== 'subscribed') {
        entries.push({ ...at, kind: 'suppress', email: address.email, reason: `import:mailchimp:${kind}`, why: SUPPRESS_WHY[kind] });
      } else {
        const optIn = times.read(record, 'OPTIN_TIME', col.get(record, 'optin_time'));
        const confirm = times.read(record, 'CONFIRM_TIME', col.get(record, 'confirm_time'));
        entries.push({
          ...at,
          kind: 'subscribe',
          subscriber: {
            email: address.email,
            firstName: firstName(col.get(record, 'first name', 'fname')),
            consent: {
              signupAt: optIn ?? confirm ?? context.now,
              signupIp: col.get(record, 'optin_ip') ?? null,
              confirmedAt: confirm ?? optIn ?? context.now,
              confirmIp: col.get(record, 'confirm_ip') ?? null,
              form: 'import:mailchimp',
              consentText: consentText('Subscribed on Mailchimp', at, context.note),
            },
          },
        });
      }
    }
    times.finish();
  }
  return { entries, problems };
}
