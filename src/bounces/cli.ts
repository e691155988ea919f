/**
 * `npm run bounces -- <file.eml|maildir|mbox|imap(s)://user@host/INBOX|->`: reads bounce and complaint mail (DSN, ARF and the common
 * text bounces), ties each report to a subscriber (signed VERP token or our Message-ID) and applies the
 * policy. One line per report, then a summary. Meant to run from the MTA's pipe or from cron, so it exits 0
 * whatever the mail said: a non-zero exit would make the MTA bounce the bounce. Running it again on the same
 * mail changes nothing.
 */
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { resolveSecret, resolveSuppressionKey } from '../config/secret.fs.ts';
import { refusedForItsData } from '../db/errors.ts';
import { openDatabase } from '../db/open.ts';
import { printable } from '../lib/printable.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { bounceSigning } from './bounce-signing.ts';
import { createFeedbackRepository, type FeedbackRepository } from './feedback.db.ts';
import { readImapMessages } from './imap-mailbox.imap.ts';
import { isImapSource, parseImapSource, PROCESSED_FOLDER } from './imap-source.ts';
import { readMessages, type MailboxMessage, type SettleFlags } from './mailbox.fs.ts';
import { eventLabel, outcomeText, type OutcomeKind } from './outcome-text.ts';
import { parseFeedbackMail } from './parse-mail.ts';
import { megabytes, MAIL_LIMITS } from './feedback-mail.ts';

/** EX_TEMPFAIL (sysexits.h): an MTA keeps the message and runs the pipe again later instead of bouncing it. */
export const EXIT_TEMPFAIL = 75;

/** The database could not be used: nothing more was applied, and the mail should be offered again later. */
function temporaryFailure(error: unknown, done: number): CliError {
  return new CliError(
    `Stopped after ${done} message(s): ${(error as Error).message}\nThe rest was not applied. Exit ${EXIT_TEMPFAIL} (temporary failure): an MTA keeps the mail and delivers it again; from cron, the next run reads it again. Reports already applied are recognised and not applied twice.`,
    EXIT_TEMPFAIL,
  );
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: AsyncIterable<Buffer | string>;
  now: () => Date;
}

export const USAGE = `Usage: npm run bounces -- <source>

  <source>   an .eml file, a maildir (with new/ and cur/), an mbox file, - for one message on stdin,
             or a mailbox on an IMAP server: imaps://user@mail.example.com/INBOX (imap:// for port 143,
             STARTTLS required except on this machine), password in BOUNCE_IMAP_PASSWORD

A maildir's messages are moved to cur/ when done (flag S; S and F for one skipped or not applied), so each
is read once. On IMAP, the unseen messages are read; those applied move to the ${PROCESSED_FOLDER} folder (made
when missing), the rest stay where they are, marked seen (and flagged when skipped or not applied); nothing
is deleted. A message over ${megabytes(MAIL_LIMITS.maxBytes)}, ${MAIL_LIMITS.maxParts} MIME parts or ${MAIL_LIMITS.maxDepth} levels of nesting is skipped unread.

Reads bounce (DSN) and complaint (ARF) mail and applies it: a hard bounce or a third soft bounce within
30 days stops mail to the address; a complaint unsubscribes and suppresses it. Only reports tied to one of
our messages change anything: with BOUNCE_ADDRESS set, the reader's signed VERP address; without it, a
Message-ID we sent to that address. Safe to run again on the same mail. The database is DATABASE_URL
(default file:data/tips.db).
`;

type Counts = Record<OutcomeKind | 'skipped' | 'failed', number>;

/** What became of a message: the flags it gets, and whether every report in it was applied (now or before). */
interface Handled {
  flags: SettleFlags;
  applied: boolean;
}

/** Applies one message's events. Throws CliError (exit 75) when the database is unusable. */
async function handleMessage(message: MailboxMessage, feedback: FeedbackRepository, io: Io, counts: Counts, done: number): Promise<Handled> {
  const id = printable(message.id);
  if (message.raw === undefined) {
    counts.skipped++;
    io.out(`${id}: skipped: it is ${megabytes(message.tooLarge)}, over the ${megabytes(MAIL_LIMITS.maxBytes)} limit for one message; not read\n`);
    return { flags: 'FS', applied: false };
  }
  const parsed = await parseFeedbackMail(message.raw).catch((error: unknown) => ({ ignored: `could not be read as mail (${(error as Error).message})` }));
  if ('skipped' in parsed) {
    counts.skipped++;
    io.out(`${id}: skipped: ${printable(parsed.skipped)}; not read\n`);
    return { flags: 'FS', applied: false };
  }
  if ('ignored' in parsed) {
    counts.ignored++;
    io.out(`${id}: ignored: ${printable(parsed.ignored)}\n`);
    return { flags: 'S', applied: false };
  }
  let flags: SettleFlags = 'S';
  let applied = parsed.events.length > 0;
  for (const event of parsed.events) {
    try {
      const outcome = await feedback.apply(event, io.now());
      counts[outcome.kind]++;
      applied &&= outcome.kind === 'applied' || outcome.kind === 'duplicate';
      io.out(`${id}: ${outcomeText(event, outcome)}\n`);
    } catch (error) {
      if (!refusedForItsData(error)) throw temporaryFailure(error, done);
      // One record the database will not take must not stop every later report, run after run.
      counts.failed++;
      flags = 'FS';
      applied = false;
      io.out(`${id}: failed: the database refused this ${eventLabel(event)} (${printable((error as Error).message)}); nothing changed for it, the rest goes on\n`);
    }
  }
  return { flags, applied };
}

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const [source, extra] = positionals;
  if (source === undefined || extra !== undefined) throw new UsageError(USAGE.trimEnd());
  const env = parseEnv(envVars);
  const imap = isImapSource(source) ? parseImapSource(source, env.BOUNCE_IMAP_PASSWORD) : undefined;
  const suppressionKey = resolveSuppressionKey(env);
  const bounce = bounceSigning(env.BOUNCE_ADDRESS, resolveSecret(env));
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE }).catch((error: unknown) => {
    throw temporaryFailure(error, 0);
  });
  const feedback = createFeedbackRepository(db, { store: createSubscriberStore(db, { suppressionKey }), bounce });
  const counts: Counts = { applied: 0, duplicate: 0, unverified: 0, ignored: 0, skipped: 0, failed: 0 };
  let messages = 0;
  try {
    for await (const message of imap ? readImapMessages(imap, MAIL_LIMITS.maxBytes) : readMessages(source, io.stdin)) {
      messages++;
      const { flags, applied } = await handleMessage(message, feedback, io, counts, messages - 1);
      await message.settle?.(flags, applied);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof Error && /^Cannot read |is a directory but not a maildir/.test(error.message)) throw new CliError(error.message);
    throw error;
  } finally {
    await db.close();
  }
  io.out(`Read ${messages} message(s): ${counts.applied} applied, ${counts.duplicate} duplicate, ${counts.ignored} ignored, ${counts.unverified} unverified, ${counts.skipped} skipped, ${counts.failed} failed.\n`);
  if (messages > 0 && !bounce) io.out('BOUNCE_ADDRESS is not set: only reports that quote a Message-ID we sent to that address can be tied to a subscriber. Set it so each message carries a signed VERP return path.\n');
  return 0;
}
