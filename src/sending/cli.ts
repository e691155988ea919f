/**
 * `npm run send -- --issue <number|latest|due>`: sends a built issue to every confirmed
 * subscriber. Errors are mapped to messages and exit codes here, once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer';
import { parseServerEnv, resolveSecret } from '../config/server-env.ts';
import { site } from '../config/site.ts';
import { readEmailBuild } from '../email/build-output.fs.ts';
import type { EmailEntry } from '../email/manifest.ts';
import { defaultFrom, issueMessage } from '../email/message.ts';
import { outboxMailer } from '../mail/mailer.outbox.ts';
import { checkEmailAddress } from '../subscribers/email-address.ts';
import { unsubscribeUrl } from '../subscribers/flow.ts';
import { createSqliteStore, openDatabase } from '../subscribers/store.sqlite.ts';
import type { Subscriber } from '../subscribers/store.ts';
import { createSqliteLedger } from './ledger.sqlite.ts';
import { progressBar, progressLine, summaryText } from './report.ts';
import { runSend, type Transport } from './send.ts';
import { dkimFromEnv, pooledSmtpTransport } from './transport.smtp.ts';

export interface SendIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Asks a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
  signal: AbortSignal;
  now: () => Date;
}

export class SendError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const SEND_USAGE = `Usage: npm run send -- --issue <number|latest|due> [options]

  --yes               do not ask for confirmation (for cron and CI)
  --dry-run           plan and render one sample message; send nothing
  --to <address>      send a test copy to one address (not recorded)
  --force             allow a draft or future-dated issue, or a build older than content/
  --retry-uncertain   re-send messages that were in flight when a previous run died
  --connections <n>   parallel SMTP connections (default 5)
  --rate <n>          at most n messages per second (default: no limit)
`;

export const IN_FLIGHT_PER_CONNECTION = 4;

const publishedAt = (entry: EmailEntry, now: Date) => entry.status !== 'draft' && new Date(`${entry.date}T00:00:00Z`).getTime() <= now.getTime();

export async function main(argv: string[], env: Record<string, string | undefined>, rootDir: string, io: SendIo): Promise<number> {
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.issue) {
    io.out(SEND_USAGE);
    return values.help ? 0 : 2;
  }
  const connections = Number(values.connections);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (!Number.isInteger(connections) || connections < 1 || connections > 50) throw new SendError('--connections must be a whole number from 1 to 50', 2);
  if (rate !== undefined && !(rate > 0)) throw new SendError('--rate must be a positive number of messages per second', 2);

  const settings = parseServerEnv(env);
  const now = io.now();
  const build = readEmailBuild(rootDir);
  if (build.stale && !values.force) {
    throw new SendError('content/ changed since the last build, so the built emails may be out of date. Run `npm run build`, then send again (or add --force to send the old build).');
  }
  const published = build.manifest.issues.filter((e) => publishedAt(e, now));
  const db = openDatabase(settings.DATABASE_URL);
  const store = createSqliteStore(db);
  const ledger = createSqliteLedger(db);
  try {
    let entry: EmailEntry | undefined;
    if (values.issue === 'due') {
      entry = published[0];
      if (!entry || ledger.isComplete(entry.number)) {
        io.out(entry ? `Nothing is due: issue #${entry.number}, the newest published issue, has been sent.\n` : 'Nothing is due: no issue is published yet.\n');
        return 0;
      }
    } else if (values.issue === 'latest') {
      entry = published[0];
      if (!entry) throw new SendError('No issue is published yet: nothing counts as "latest". Use an issue number with --force to send an unpublished one.');
    } else {
      entry = build.manifest.issues.find((e) => String(e.number) === values.issue!.replace(/^#/, ''));
      if (!entry) throw new SendError(`There is no issue ${values.issue} in the build (built: ${build.manifest.issues.map((e) => e.number).join(', ')}).`, 2);
    }
    if (!publishedAt(entry, now) && !values.force) {
      throw new SendError(`Issue #${entry.number} is ${entry.status === 'draft' ? 'a draft' : `scheduled for ${entry.date}`}; it is not sent before its day. Add --force to send it anyway.`);
    }

    const secret = resolveSecret(settings);
    const linkBase = settings.SITE_URL ?? build.manifest.site;
    const from = settings.MAIL_FROM ?? defaultFrom(site.title, site.editor.email);
    const replyTo = settings.REPLY_TO ?? site.editor.email;
    const parts = build.parts(entry);
    const messageFor = (s: Pick<Subscriber, 'id' | 'email' | 'firstName'>): Mail.Options =>
      issueMessage({
        subject: entry.subject,
        html: parts.html,
        text: parts.text,
        recipient: { email: s.email, firstName: s.firstName ?? undefined },
        from,
        replyTo,
        unsubscribeUrl: unsubscribeUrl({ secret, linkBase }, s),
        unsubscribeMailto: `mailto:${replyTo}?subject=unsubscribe`,
        siteUrl: build.manifest.site,
        publication: build.manifest.publication,
        messageKey: `issue-${entry.number}.${s.id}.${now.getTime().toString(36)}`,
        date: io.now(),
      });

    const dkim = dkimFromEnv(env);
    const log = (line: string) => io.err(`${line}\n`);
    const transport: Transport & { close: () => void } = settings.SMTP_URL
      ? pooledSmtpTransport(settings.SMTP_URL, { connections, rate, dkim })
      : outboxMailer(settings.OUTBOX_DIR);
    try {
      if (values.to) {
        const address = checkEmailAddress(values.to);
        if (!address.ok) throw new SendError(`--to: ${address.message}`, 2);
        const info = await transport.send({ ...messageFor({ id: 0, email: address.email, firstName: null }), subject: `[Test] ${entry.subject}` });
        io.out(`Test copy of issue #${entry.number} sent to ${address.email} (${info.response}). Not recorded as a delivery.\n`);
        return 0;
      }

      const confirmed = store.count().confirmed;
      const counts = ledger.counts(entry.number);
      const handled = counts.sent + counts.failed + counts.bounced + counts.skipped + counts.uncertain;
      io.out(`Issue #${entry.number} (${entry.date}): "${entry.subject}"\n${confirmed} confirmed subscriber(s); ${handled} already handled by earlier runs of this issue.\nMail goes to ${settings.SMTP_URL ? new URL(settings.SMTP_URL).host : `${settings.OUTBOX_DIR}/ (no SMTP_URL set)`}${dkim ? `, DKIM-signed for ${dkim.domainName}` : ''}.\n`);

      if (values['dry-run']) {
        const sample = store.list('confirmed')[0] ?? { id: 0, email: 'sam.reader@example.com', firstName: 'Sam' };
        const eml = await new MailComposer(messageFor(sample)).compile().build();
        const dir = join(build.dir, 'preview');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, `dry-run-issue-${entry.number}.eml`);
        writeFileSync(path, eml);
        io.out(`Dry run: nothing sent. A sample message for ${sample.email} is in ${path} (${(eml.length / 1024).toFixed(1)} KB).\n`);
        return 0;
      }
      if (!values.yes) {
        if (!io.isTTY) throw new SendError('Refusing to send without confirmation: add --yes when running from a script or cron.', 2);
        if (!(await io.confirm(`Send issue #${entry.number} to ${confirmed} subscriber(s)? [y/N] `))) {
          io.out('Nothing sent.\n');
          return 0;
        }
      }

      let lastLine = 0;
      const summary = await runSend(
        // Four messages in flight per connection keep nodemailer's pool busy between transactions
        // (one at a time leaves each connection idle ~100 ms per message); after a crash these
        // few are the ones reported as uncertain.
        { issue: entry.number, messageFor, concurrency: connections * IN_FLIGHT_PER_CONNECTION, maxAttempts: 3, retryUncertain: values['retry-uncertain'], policyStopAfter: 5, signal: io.signal },
        {
          ledger,
          subscribers: store,
          transport,
          now: io.now,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          log,
          progress: (p) => {
            if (io.isTTY) io.err(`\r${progressBar(p)}`);
            else if (Date.now() - lastLine > 5000 || p.done === p.total) {
              lastLine = Date.now();
              io.err(`${progressLine(p)}\n`);
            }
          },
        },
      );
      if (io.isTTY) io.err('\n');
      const command = `npm run send -- --issue ${entry.number} --yes${values['retry-uncertain'] ? ' --retry-uncertain' : ''}`;
      io.out(`${summaryText(summary, command)}\n`);
      if (summary.stopped && summary.stopped.reason !== 'interrupted') return 1;
      return summary.complete ? 0 : 3;
    } finally {
      transport.close();
    }
  } finally {
    store.close();
  }
}
