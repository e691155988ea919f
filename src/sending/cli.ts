/**
 * `npm run send -- --issue <number|latest|due>`: sends a built issue to every confirmed
 * subscriber. Reads the settings, picks the issue, (--when-live) waits for its page, opens the mail port,
 * and then shows the plan (--dry-run), sends one test copy (--to) or hands over to the send
 * engine.
 */
import { readFileSync } from 'node:fs';
import { CliError, UsageError } from '../cli/errors.ts';
import { beforeGoingLive, builtForProblem, checkBeforeSending, sampleSettingProblems } from '../config/deployment.ts';
import { parseEnv, type Env } from '../config/env.ts';
import { resolveSecret, resolveSuppressionKey } from '../config/secret.fs.ts';
import { site } from '../config/site.ts';
import type { Database } from '../db/database.ts';
import { DatabaseError } from '../db/errors.ts';
import { openDatabase } from '../db/open.ts';
import { readEmailBuild } from '../email/contract/build-output.fs.ts';
import { isLive, resolveIssue } from '../email/issue-choice.ts';
import type { EmailEntry } from '../email/contract/manifest.ts';
import { senderIdentity, type SenderIdentity } from '../email/message.ts';
import { framedMessages } from '../email/message-frame.ts';
import { SAMPLE_RECIPIENT, writeEml } from '../email/preview.fs.ts';
import { createMailTransport } from '../mail/create.ts';
import type { OnPermanentBounce } from '../mail/permanent-bounce.ts';
import type { SesSettings } from '../mail/ses-client.ses.ts';
import { mailSettings } from '../mail/settings.ts';
import type { MailTransport } from '../mail/transport.ts';
import { bounceSigning } from '../bounces/bounce-signing.ts';
import { createFeedbackRepository } from '../bounces/feedback.db.ts';
import { recordPermanentBounce } from '../bounces/permanent-bounce.ts';
import { checkEmailAddress } from '../subscribers/email-address.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { readAudienceExtras } from './audience.db.ts';
import { dryRunText, type DryRunPlan } from './dry-run.ts';
import { issueMessageFactory } from './issue-message.ts';
import { createLedger } from './ledger.db.ts';
import type { Ledger } from './ledger.ts';
import { progressReporter, summaryText } from './progress.ts';
import { IN_FLIGHT_PER_CONNECTION, parseSendArgs, resumeCommand, SEND_USAGE, type SendArgs } from './send-args.ts';
import { chooseSendRate } from './send-rate.ts';
import { runSend } from './send.ts';
import { isSenderGone, newSenderId } from './sender-id.fs.ts';
import { whenLive } from './when-live.http.ts';

export interface SendIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Asks a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
  signal: AbortSignal;
  now: () => Date;
}

/** The SES account lookup, loaded only with MAIL_TRANSPORT=ses: the AWS SDK costs an SMTP sender ~10 MiB for nothing. */
const readSesAccount = async (settings: SesSettings) => (await import('../mail/ses-client.ses.ts')).readSesAccount(settings);

/** Everything a run of the command needs once the issue is chosen. */
interface Prepared {
  args: SendArgs;
  env: Env;
  io: SendIo;
  db: Database;
  store: SubscriberStore;
  ledger: Ledger;
  entry: EmailEntry;
  sender: SenderIdentity;
  messageFor: ReturnType<typeof issueMessageFactory>;
  onPermanentBounce: OnPermanentBounce;
  previewDir: string;
  /** The site URL the emails were built for. */
  builtFor: string;
}

export async function main(argv: string[], envVars: Record<string, string | undefined>, rootDir: string, io: SendIo): Promise<number> {
  const args = parseSendArgs(argv);
  if (args === 'help') {
    io.out(SEND_USAGE);
    return 0;
  }
  const env = parseEnv(envVars);
  const build = readEmailBuild(rootDir, env.EMAIL_DIR);
  if (build.stale && !args.force) {
    throw new CliError('content/ changed since the last build, so the built emails may be out of date. Run `npm run build`, then send again (or add --force to send the old build).');
  }
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  try {
    const store = createSubscriberStore(db, { suppressionKey: resolveSuppressionKey(env) });
    const ledger = createLedger(db);
    const now = io.now();
    const choice = resolveIssue(args.issue, build.manifest.issues, now, new Set(await ledger.completedIssues()), site.timeZone);
    if (choice.kind === 'nothing-due') {
      io.out(`${choice.message}\n`);
      return 0;
    }
    const entry = choice.entry;
    if (!isLive(entry, now) && !args.force) {
      throw new CliError(`Issue #${entry.number} is ${entry.status === 'draft' ? 'a draft' : `scheduled for ${entry.date}`}; it is not sent before its day. Add --force to send it anyway.`);
    }
    // Readers must find the page the email links to: check it before the mail port opens.
    if (args.whenLive) await whenLive(entry, args.waitMs, io);
    const sender = senderIdentity(env, { title: build.manifest.publication, editorEmail: site.editor.email }, env.SITE_URL ?? build.manifest.site);
    const bounce = bounceSigning(env.BOUNCE_ADDRESS, resolveSecret(env));
    const messageFor = issueMessageFactory({ entry, parts: build.parts(entry), sender, secret: resolveSecret(env), runStarted: now, now: io.now, bounce, clickLinks: env.CLICK_COUNTS === '1' });
    // A 5.1.x refusal goes through the feedback policy, like a bounce that comes back by mail.
    const onPermanentBounce = recordPermanentBounce(createFeedbackRepository(db, { store, bounce }));
    return await withTransport({ args, env, io, db, store, ledger, entry, sender, messageFor, onPermanentBounce, previewDir: `${build.dir}/preview`, builtFor: build.manifest.site });
  } finally {
    await db.close();
  }
}

/** Opens the mail port (nothing connects before the first message) and runs what was asked: a dry run, a test copy or the send. */
async function withTransport(p: Prepared): Promise<number> {
  if (!p.args.dryRun) checkBeforeSending({ builtFor: p.builtFor, sender: p.sender, postalAddress: postalAddressOf(p.env), nodeEnv: p.env.NODE_ENV });
  const settings = mailSettings(p.env, (path) => readFileSync(path, 'utf8'));
  const pace = p.args.to ? { rate: p.args.rate, note: '' } : await chooseSendRate(p.args.rate, settings, readSesAccount);
  const transport = createMailTransport(settings, { connections: p.args.connections, rate: pace.rate }, (line) => p.io.err(`${line}\n`));
  try {
    if (p.args.dryRun) return await dryRun(p, transport.describe(), pace.note);
    if (p.args.to) return await testCopy(p, p.args.to, transport);
    return await sendIssue(p, transport, pace.note);
  } finally {
    await transport.close();
  }
}

const postalAddressOf = (env: Env) => env.POSTAL_ADDRESS ?? site.postalAddress;

/** What the real send would refuse or regret, for the dry run to show. */
function settingWarnings(p: Prepared): string[] {
  const samples = sampleSettingProblems({ ...p.sender, postalAddress: postalAddressOf(p.env) });
  const mismatch = builtForProblem(p.builtFor, p.sender.siteUrl);
  return [...(mismatch ? [mismatch] : []), ...samples.map(beforeGoingLive)];
}

async function dryRun(p: Prepared, transport: string, rate: string): Promise<number> {
  const extras = await readAudienceExtras(p.db, p.entry.number);
  const first = extras.firstConfirmedId === undefined ? undefined : await p.store.byId(extras.firstConfirmedId);
  const sample = first ?? SAMPLE_RECIPIENT;
  const written = await writeEml(p.messageFor(sample), p.previewDir, `dry-run-issue-${p.entry.number}.eml`);
  const plan: DryRunPlan = {
    issue: { number: p.entry.number, date: p.entry.date, subject: p.entry.subject },
    from: p.sender.from,
    replyTo: p.sender.replyTo,
    siteUrl: p.sender.siteUrl,
    subscribers: await p.store.count(),
    ledger: await p.ledger.counts(p.entry.number),
    unplanned: extras.unplanned,
    suppressed: extras.suppressed,
    transport,
    rate,
    sample: { email: sample.email, ...written },
    warnings: settingWarnings(p),
  };
  p.io.out(dryRunText(plan));
  return 0;
}

async function testCopy(p: Prepared, to: string, transport: MailTransport): Promise<number> {
  const address = checkEmailAddress(to);
  if (!address.ok) throw new UsageError(`--to: ${address.message}`);
  const info = await transport.send(p.messageFor({ ...SAMPLE_RECIPIENT, email: address.email, firstName: null }, '[Test] ')).catch((error: unknown) => {
    throw new CliError(`The test copy was not sent: ${transport.describeError(error)}`);
  });
  p.io.out(`Test copy of issue #${p.entry.number} sent to ${address.email} (${info.response}). Not recorded as a delivery.\n`);
  return 0;
}

async function sendIssue(p: Prepared, transport: MailTransport, rateNote: string): Promise<number> {
  const { args, io, entry, store, ledger } = p;
  const confirmed = (await store.count()).confirmed;
  const counts = await ledger.counts(entry.number);
  const handled = counts.sent + counts.failed + counts.bounced + counts.skipped + counts.uncertain;
  io.out(`Issue #${entry.number} (${entry.date}): "${entry.subject}"\n${confirmed} confirmed subscriber(s); ${handled} already handled by earlier runs of this issue.\nMail goes to ${transport.describe()}.\n${rateNote ? `${rateNote}\n` : ''}`);
  if (!args.yes) {
    if (!io.isTTY) throw new UsageError('Refusing to send without confirmation: add --yes when running from a script or cron.');
    if (!(await io.confirm(`Send issue #${entry.number} to ${confirmed} subscriber(s)? [y/N] `))) {
      io.out('Nothing sent.\n');
      return 0;
    }
  }
  const clock = () => io.now().getTime();
  const framed = framedMessages();
  const summary = await runSend(
    {
      issue: entry.number,
      messageFor: (subscriber) => framed(p.messageFor(subscriber)),
      concurrency: args.connections * IN_FLIGHT_PER_CONNECTION,
      maxAttempts: 3,
      retryUncertain: args.retryUncertain,
      policyStopAfter: 5,
      signal: io.signal,
      senderId: newSenderId(),
      leaseMs: args.leaseSeconds * 1000,
    },
    { ledger, subscribers: store, transport, onPermanentBounce: p.onPermanentBounce, now: io.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), progress: progressReporter(io, clock), isSenderGone },
  ).catch((error: unknown) => {
    if (error instanceof DatabaseError) {
      throw new DatabaseError(`${error.message}\nSending stopped. Messages accepted so far are recorded; any that were in flight will be reported as uncertain. Run the same command again to resume: ${resumeCommand(entry.number, args)}`);
    }
    throw error;
  });
  if (io.isTTY) io.err('\n');
  io.out(`${summaryText(summary, resumeCommand(entry.number, args))}\n`);
  if (summary.stopped && summary.stopped.reason !== 'interrupted') return 1;
  return summary.complete ? 0 : 3;
}
