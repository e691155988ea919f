/**
 * `npm run subscribers -- <command>`: import, export, list, count, remove, unsuppress.
 * One place maps errors to messages and exit codes; the store is opened from DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { printable } from '../lib/printable.ts';
import { UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { openDatabase } from '../db/open.ts';
import { resolveSuppressionKey } from '../config/secret.fs.ts';
import { readListFiles } from '../import/subscribers/files.fs.ts';
import { importList } from '../import/subscribers/run.ts';
import { toCsv } from './csv.ts';
import { checkEmailAddress } from './email-address.ts';
import { removeEmlFilesFor } from './eml-files.fs.ts';
import { createSubscriberStore, keyLegacySuppressions } from './store.db.ts';
import { SUBSCRIBER_STATUSES, type EraseOutcome, type SubscriberStatus } from './store.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

export const USAGE = `Usage: npm run subscribers -- <command>

  import <file.csv> --consent "<where they came from>"   add confirmed subscribers (bad rows are listed, good rows kept;
                                                          exports of Mailchimp, Substack, Buttondown: npm run import)
  export                                                  all subscribers and consent records as CSV on stdout
  list [--status pending|confirmed|unsubscribed|bounced]  one line per subscriber
  count                                                   how many, by status
  remove <email> [--suppress]                             erase a subscriber's personal data; the address is never mailed
                                                          again (--suppress: block an address that is not on the list too)
  unsuppress <email>                                      lift a suppression, so the address may sign up again

The database is DATABASE_URL (default file:data/tips.db).
`;

/** What `remove` says for each outcome (store.ts EraseOutcome). */
const REMOVED: Record<EraseOutcome, (email: string) => string> = {
  erased: (email) => `Erased ${email}; it is suppressed and will never be mailed again.\n`,
  suppressed: (email) => `${email} was not on the list; it is now suppressed as asked (--suppress): no form or import will add it. Lift it with: npm run subscribers -- unsuppress ${email}\n`,
  'already-suppressed': (email) => `${email} is not on the list; it was erased or suppressed before and stays suppressed.\n`,
  absent: (email) =>
    `${email} is not on the list (check the spelling): nothing was erased and nothing suppressed.\n` +
    `To block this address for good anyway (someone who asked never to be mailed), run: npm run subscribers -- remove ${email} --suppress\n`,
};

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { consent: { type: 'string' }, status: { type: 'string' }, suppress: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, arg] = positionals;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!command) throw new UsageError(USAGE.trimEnd());
  const env = parseEnv(envVars);
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  const suppressionKey = resolveSuppressionKey(env);
  await keyLegacySuppressions(db, suppressionKey);
  const store = createSubscriberStore(db, { suppressionKey });
  try {
    switch (command) {
      case 'import': {
        if (!arg) throw new UsageError('import needs a CSV file: npm run subscribers -- import people.csv --consent "Signed up at the 2026 conference"');
        if (!values.consent?.trim()) throw new UsageError('import needs --consent "<where these people agreed to get the publication>": it is kept as their consent record');
        // The same import as `npm run import -- subscribers csv`: bad rows listed by line, exit 0 unless nothing was usable.
        return await importList({ source: 'csv', files: readListFiles(arg), context: { now: io.now(), note: values.consent.trim() }, dryRun: false }, store, io);
      }
      case 'export':
        io.out(toCsv(await store.list()));
        return 0;
      case 'list': {
        const status = values.status as SubscriberStatus | undefined;
        if (status !== undefined && !SUBSCRIBER_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${SUBSCRIBER_STATUSES.join(', ')}`);
        for (const s of await store.list(status)) io.out(`${printable(s.email)}\t${s.status}\t${printable(s.firstName ?? '')}\t${s.consent.signupAt}\n`);
        return 0;
      }
      case 'count': {
        const c = await store.count();
        io.out(`${c.total} subscriber(s): ${SUBSCRIBER_STATUSES.map((s) => `${c[s]} ${s}`).join(', ')}\n`);
        return 0;
      }
      case 'remove': {
        const address = checkEmailAddress(arg);
        if (!address.ok) throw new UsageError(`remove needs an email address: ${address.message}`);
        const outcome = await store.erase(address.email, io.now(), { suppressIfAbsent: values.suppress === true });
        const files = removeEmlFilesFor(env.OUTBOX_DIR, address.email);
        io.out(REMOVED[outcome](address.email));
        if (files) io.out(`Deleted ${files} .eml file(s) addressed to it in ${env.OUTBOX_DIR}/.\n`);
        return outcome === 'absent' ? 1 : 0;
      }
      case 'unsuppress': {
        const address = checkEmailAddress(arg);
        if (!address.ok) throw new UsageError(`unsuppress needs an email address: ${address.message}`);
        if (!(await store.unsuppress(address.email))) {
          io.out(`${address.email} is not suppressed; nothing changed.\n`);
          return 1;
        }
        io.out(`${address.email} is no longer suppressed: it can sign up again through the form (and confirm) or be imported. Nobody was subscribed by this.\n`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } finally {
    await db.close();
  }
}
