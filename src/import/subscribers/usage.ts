/** The usage text of `npm run import -- subscribers`, apart from the code so that `--help` loads nothing else. */
export const SUBSCRIBERS_USAGE = `npm run import -- subscribers <source> <path> [--consent "<note>"] [--dry-run]

  mailchimp    the audience export: the .zip, or the folder it unpacks to
               (subscribed_members_export_….csv, unsubscribed_…, cleaned_…)
  substack     the subscriber CSV (email list) of a Substack export, or the export's .zip
  buttondown   subscribers.csv (and unsubscribers.csv) of a Buttondown export, or its .zip
  csv          any CSV with an email column (first name and status optional); needs --consent

Subscribed rows become confirmed subscribers with a consent record saying where and when
they opted in; unsubscribed, cleaned and bounced rows become suppressions (never mailed, even
if another file lists them as subscribed). Everything is written in one transaction; rows
with problems are listed by file and line and left out. --dry-run writes nothing.`;
