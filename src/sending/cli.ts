/**
 * `npm run send -- --issue <number|latest|due>`: sends a built issue to every confirmed
 * subscriber. Reads the settings, picks the issue, opens the database and the mail port,
 * and hands over to the send engine.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { resolveSecret, resolveSuppressionKey } from '../config/secret.fs.ts';
import { site } from '../config/site.ts';
import { DatabaseError } from '../db/errors.ts';
import { openDatabase } from '../db/open.ts';
import { readEmailBuild } from '../email/build-output.fs.ts';
import { isLive, resolveIssue } from '../email/issue-choice.ts';
import { senderIdentity } from '../email/message.ts';
import { SAMPLE_RECIPIENT, writeEml } from '../email/preview.fs.ts';
import { createMailTransport } from '../mail/create.ts';
import type { SesSettings } from '../mail/ses-client.ses.ts';
import { markBouncedIn } from '../mail/permanent-bounce.ts';
import { mailSettings } from '../mail/settings.ts';
import { checkEmailAddress } from '../subscribers/email-address.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { issueMessageFactory } from './issue-message.ts';
import { bounceSigning } from '../bounces/bounce-signing.ts';
import { createLedger } from './ledger.db.ts';
import { progressReporter, summaryText } from './report.ts';
import { chooseSendRate } from './send-rate.ts';
import { DEFAULT_LEASE_MS, runSend } from './send.ts';
import { isSenderGone, newSenderId } from './sender-id.fs.ts';

export interface SendIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Asks a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
  signal: AbortSignal;
  now: () => Date;
}

export const SEND_USAGE = `Usage: npm run send -- --issue <number|latest|due> [options]

  --yes               do not ask for confirmation (for cron and CI)
  --dry-run           plan and write one sample message; send nothing
  --to <address>      send a test copy to one address (not recorded)
  --force             allow a draft or future-dated issue, or a build older than content/
  --retry-uncertain   re-send messages that were in flight when a previous run died
  --connections <n>   parallel SMTP connections (default 5; with SES, n x 4 requests
                      in flight)
  --rate <n>          at most n messages per second from this sender (default: the SES
                      account's MaxSendRate with MAIL_TRANSPORT=ses, otherwise no limit)
  --lease <seconds>   how long other senders wait before taking over this sender's
                      claimed work if it dies (default 60)

Start the same command on several machines (one PostgreSQL DATABASE_URL) to share a send.
`;

/**
 * Four messages in flight per connection keep nodemailer's pool busy between transactions
 * (one at a time leaves each connection idle ~100 ms per message); after a crash these few
 * are the ones reported as uncertain.
 */
export const IN_FLIGHT_PER_CONNECTION = 4;

/** The SES account lookup, loaded only with MAIL_TRANSPORT=ses: the AWS SDK costs an SMTP sender ~10 MiB for nothing. */
const readSesAccount = async (settings: SesSettings) => (await import('../mail/ses-client.ses.ts')).readSesAccount(settings);

export async function main(argv: string[], envVars: Record<string, string | undefined>, rootDir: string, io: SendIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      issue: { type: 'string' },
      yes: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      'retry-uncertain': { type: 'boolean', default: false },
      connections: { type: 'string', default: '5' },
      rate: { type: 'string' },
      lease: { type: 'string', default: String(DEFAULT_LEASE_MS / 1000) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(SEND_USAGE);
    return 0;
  }
  if (!values.issue) throw new UsageError(`--issue is required.\n\n${SEND_USAGE}`);
  const connections = Number(values.connections);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (!Number.isInteger(connections) || connections < 1 || connections > 50) throw new UsageError('--connections must be a whole number from 1 to 50');
  if (rate !== undefined && !(rate > 0)) throw new UsageError('--rate must be a positive number of messages per second');
  const leaseSeconds = Number(values.lease);
  if (!(leaseSeconds >= 1 && leaseSeconds <= 3600)) throw new UsageError('--lease must be a number of seconds from 1 to 3600');

  const env = parseEnv(envVars);
  const now = io.now();
  const build = readEmailBuild(rootDir, env.EMAIL_DIR);
  if (build.stale && !values.force) {
    throw new CliError('content/ changed since the last build, so the built emails may be out of date. Run `npm run build`, then send again (or add --force to send the old build).');
  }
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  try {
    const store = createSubscriberStore(db, { suppressionKey: resolveSuppressionKey(env) });
    const ledger = createLedger(db);
    const choice = resolveIssue(values.issue, build.manifest.issues, now, new Set(await ledger.completedIssues()));
    if (choice.kind === 'nothing-due') {
      io.out(`${choice.message}\n`);
      return 0;
    }
    const entry = choice.entry;
    if (!isLive(entry, now) && !values.force) {
      throw new CliError(`Issue #${entry.number} is ${entry.status === 'draft' ? 'a draft' : `scheduled for ${entry.date}`}; it is not sent before its day. Add --force to send it anyway.`);
    }

    const sender = senderIdentity(env, { title: build.manifest.publication, editorEmail: site.editor.email }, env.SITE_URL ?? build.manifest.site);
    const messageFor = issueMessageFactory({ entry, parts: build.parts(entry), sender, secret: resolveSecret(env), runStarted: now, now: io.now, bounce: bounceSigning(env.BOUNCE_ADDRESS, resolveSecret(env)) });

    if (values['dry-run']) {
      const sample = (await store.list('confirmed'))[0] ?? SAMPLE_RECIPIENT;
      const { path, kilobytes } = await writeEml(messageFor(sample), `${build.dir}/preview`, `dry-run-issue-${entry.number}.eml`);
      io.out(`Dry run: nothing sent. A sample message for ${sample.email} is in ${path} (${kilobytes} KB).\n`);
      return 0;
    }

    const settings = mailSettings(env, (p) => readFileSync(p, 'utf8'));
    const pace = values.to ? { rate, note: '' } : await chooseSendRate(rate, settings, readSesAccount);
    const transport = createMailTransport(settings, { connections, rate: pace.rate }, (line) => io.err(`${line}\n`));
    try {
      if (values.to) {
        const address = checkEmailAddress(values.to);
        if (!address.ok) throw new UsageError(`--to: ${address.message}`);
        const info = await transport.send(messageFor({ ...SAMPLE_RECIPIENT, email: address.email, firstName: null }, '[Test] ')).catch((error: unknown) => {
          throw new CliError(`The test copy was not sent: ${transport.describeError(error)}`);
        });
        io.out(`Test copy of issue #${entry.number} sent to ${address.email} (${info.response}). Not recorded as a delivery.\n`);
        return 0;
      }

      const confirmed = (await store.count()).confirmed;
      const counts = await ledger.counts(entry.number);
      const handled = counts.sent + counts.failed + counts.bounced + counts.skipped + counts.uncertain;
      io.out(`Issue #${entry.number} (${entry.date}): "${entry.subject}"\n${confirmed} confirmed subscriber(s); ${handled} already handled by earlier runs of this issue.\nMail goes to ${transport.describe()}.\n${pace.note ? `${pace.note}\n` : ''}`);
      if (!values.yes) {
        if (!io.isTTY) throw new UsageError('Refusing to send without confirmation: add --yes when running from a script or cron.');
        if (!(await io.confirm(`Send issue #${entry.number} to ${confirmed} subscriber(s)? [y/N] `))) {
          io.out('Nothing sent.\n');
          return 0;
        }
      }

      const clock = () => io.now().getTime();
      const summary = await runSend(
        {
          issue: entry.number,
          messageFor,
          concurrency: connections * IN_FLIGHT_PER_CONNECTION,
          maxAttempts: 3,
          retryUncertain: values['retry-uncertain'],
          policyStopAfter: 5,
          signal: io.signal,
          senderId: newSenderId(),
          leaseMs: leaseSeconds * 1000,
        },
        { ledger, subscribers: store, transport, onPermanentBounce: markBouncedIn(store), now: io.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), progress: progressReporter(io, clock), isSenderGone },
      ).catch((error: unknown) => {
        if (error instanceof DatabaseError) {
          throw new DatabaseError(`${error.message}\nSending stopped. Messages accepted so far are recorded; any that were in flight will be reported as uncertain. Run the same command again to resume.`);
        }
        throw error;
      });
      if (io.isTTY) io.err('\n');
      const command = `npm run send -- --issue ${entry.number} --yes${values['retry-uncertain'] ? ' --retry-uncertain' : ''}`;
      io.out(`${summaryText(summary, command)}\n`);
      if (summary.stopped && summary.stopped.reason !== 'interrupted') return 1;
      return summary.complete ? 0 : 3;
    } finally {
      await transport.close();
    }
  } finally {
    await db.close();
  }
}
