/**
 * The running server's services (database, subscriber store, mail transport, signup
 * emails, rate limiter), built once from the environment at start-up. `npm run serve`
 * builds them and hands them to every on-demand page as `Astro.locals.services` (the Node
 * adapter's handler takes `locals`); under `npm run dev` the Astro middleware builds them
 * on first use (src/server/middleware.ts).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseEnv, resolveSiteUrl, type Env } from '../config/env.ts';
import { resolveSecret, resolveSuppressionKey } from '../config/secret.fs.ts';
import { site } from '../config/site.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { parseManifest } from '../email/contract/manifest.ts';
import { senderIdentity } from '../email/message.ts';
import { createMailTransport } from '../mail/create.ts';
import { mailSettings } from '../mail/settings.ts';
import type { MailTransport } from '../mail/transport.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { startOutboxWorker, wakeableSleep, type OutboxWorker, type WorkerOptions } from '../outbox/worker.ts';
import type { FlowDeps, Notices } from '../subscribers/flow.ts';
import { hostname } from 'node:os';
import { createRateLimiter, RATE_LIMIT_WINDOW_MS, type RateLimiter } from '../subscribers/rate-limit.ts';
import { createSubscriberStore, keyLegacySuppressions } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { CliError } from '../cli/errors.ts';
import { bounceSigning } from '../bounces/bounce-signing.ts';
import { createFeedbackRepository, type FeedbackRepository } from '../bounces/feedback.db.ts';
import { recordPermanentBounce } from '../bounces/permanent-bounce.ts';
import type { SesWebhookDeps } from '../bounces/ses-webhook.ts';
import { confirmSnsSubscription, fetchSnsCertificate } from '../bounces/sns.http.ts';
import { labelledLog, type Log } from './log.ts';
import { clientIp, sameOrigin } from './request.ts';

export interface Services {
  env: Env;
  /** The public URL: links in emails, the form's origin check. */
  siteUrl: string;
  db: Database;
  store: SubscriberStore;
  transport: MailTransport;
  outbox: Outbox;
  /** Delivers the outbox in this process. */
  worker: OutboxWorker;
  limiter: RateLimiter;
  /** Bounces and complaints: ties them to subscribers and applies the policy. */
  feedback: FeedbackRepository;
  /** Everything POST /webhooks/ses needs. */
  sesWebhook: SesWebhookDeps;
  /** Everything the signup flow needs. */
  deps: FlowDeps;
  /** The client's IP: the socket's, or the entry the trusted proxies appended to X-Forwarded-For. */
  clientIp: (request: Request, socketAddress: string | undefined) => string | null;
  /** Whether a form POST comes from our own pages (Origin or Referer). */
  sameOrigin: (request: Request) => boolean;
  close: () => Promise<void>;
}

/**
 * The signup emails from the build, read once and again only when the build changes. The
 * manifest's time stamp is looked at no more than once per `recheckMs` (the worker asks for
 * every message it sends).
 */
export function noticesFromBuild(emailDir: string, { recheckMs = 1000, now = Date.now }: { recheckMs?: number; now?: () => number } = {}): () => Promise<Notices> {
  let cached: { mtimeMs: number; notices: Notices; checkedAt: number } | undefined;
  return async () => {
    if (cached && now() - cached.checkedAt < recheckMs) return cached.notices;
    const path = join(emailDir, 'manifest.json');
    if (!existsSync(path)) {
      throw new CliError(`No signup emails in ${emailDir}/ (manifest.json is missing): run \`npm run build\`, then start the server again.`);
    }
    const mtimeMs = statSync(path).mtimeMs;
    if (cached?.mtimeMs !== mtimeMs) {
      const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')), path);
      const load = (kind: keyof Notices) => ({
        subject: manifest.notices[kind].subject,
        html: readFileSync(join(emailDir, manifest.notices[kind].html), 'utf8'),
        text: readFileSync(join(emailDir, manifest.notices[kind].text), 'utf8'),
      });
      cached = { mtimeMs, notices: { confirm: load('confirm'), welcome: load('welcome'), change: load('change') }, checkedAt: now() };
    }
    cached.checkedAt = now();
    return cached.notices;
  };
}

/** The signup emails of whichever folder `emailDir()` names now (the release being served), each read as above. */
export function noticesFollowing(emailDir: () => string): () => Promise<Notices> {
  let reader: { dir: string; read: () => Promise<Notices> } | undefined;
  return () => {
    const dir = emailDir();
    if (reader?.dir !== dir) reader = { dir, read: noticesFromBuild(dir) };
    return reader.read();
  };
}

export interface ServiceOptions {
  /** Where the signup emails come from: the build's files unless given (the dev server renders its own). */
  notices?: () => Promise<Notices>;
  /** The public URL for links and the origin check: SITE_URL or the configured one unless given (the dev server's own). */
  siteUrl?: string;
  /** Outbox worker tuning (tests shorten the retry delays). */
  worker?: Omit<WorkerOptions, 'workerId'>;
  /** Fetches an SNS signing certificate: an HTTPS GET with a timeout and a size cap unless given (tests sign with their own). */
  fetchCertificate?: (url: string) => Promise<string>;
  /** GETs an SNS SubscribeURL to confirm a subscription: an HTTPS GET unless given. */
  confirmSubscription?: (url: string) => Promise<void>;
  /** Where log lines go (each made safe first, see log.ts): standard output unless given. */
  log?: Log;
}

export async function createServices(envVars: Record<string, string | undefined>, rootDir: string, options: ServiceOptions = {}): Promise<Services> {
  const env = parseEnv(envVars);
  const write = options.log ?? ((line: string) => console.log(line));
  const log = labelledLog(write, 'subscriptions');
  const secret = resolveSecret(env);
  const suppressionKey = resolveSuppressionKey(env);
  const emailDir = isAbsolute(env.EMAIL_DIR) ? env.EMAIL_DIR : join(rootDir, env.EMAIL_DIR);
  const notices = options.notices ?? noticesFromBuild(emailDir);
  if (!options.notices) await notices(); // fail at start-up, not at the first sign-up
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE, sqliteBusyTimeoutMs: env.SQLITE_BUSY_TIMEOUT_MS });
  await keyLegacySuppressions(db, suppressionKey);
  const outbox = createOutbox(db);
  const store = createSubscriberStore(db, { suppressionKey, outbox });
  const bounce = bounceSigning(env.BOUNCE_ADDRESS, secret);
  const feedback = createFeedbackRepository(db, { store, bounce });
  const transport = createMailTransport(mailSettings(env, (p) => readFileSync(p, 'utf8')), { connections: 2 }, log);
  const siteUrl = options.siteUrl ?? resolveSiteUrl(site.url, env);
  const worker = startOutboxWorker(
    {
      outbox,
      store,
      onPermanentBounce: recordPermanentBounce(feedback, log),
      transport,
      notices,
      links: { secret, siteUrl },
      sender: senderIdentity(env, { title: site.title, editorEmail: site.editor.email }, siteUrl),
      bounce,
      now: () => new Date(),
      sleep: wakeableSleep,
      log,
    },
    {
      workerId: `${hostname()}:${process.pid}`,
      ...(env.OUTBOX_LEASE_SECONDS !== undefined ? { leaseMs: env.OUTBOX_LEASE_SECONDS * 1000 } : {}),
      ...(env.OUTBOX_RETRY_BASE_MS !== undefined ? { retryBaseMs: env.OUTBOX_RETRY_BASE_MS } : {}),
      ...(env.OUTBOX_RETRY_MAX_MS !== undefined ? { maxBackoffMs: env.OUTBOX_RETRY_MAX_MS } : {}),
      ...options.worker,
    },
  );
  const limiter = createRateLimiter({ limit: env.SUBSCRIBE_RATE_LIMIT, windowMs: RATE_LIMIT_WINDOW_MS });
  const sweeper = setInterval(() => limiter.sweep(Date.now()), 60_000).unref();
  log(`Mail goes to ${transport.describe()} through the outbox; subscribers in ${db.describe()}.`);
  return {
    env,
    siteUrl,
    db,
    store,
    transport,
    outbox,
    worker,
    limiter,
    feedback,
    sesWebhook: {
      fetchCertificate: options.fetchCertificate ?? ((url) => fetchSnsCertificate(url)),
      confirmSubscription: options.confirmSubscription ?? ((url) => confirmSnsSubscription(url)),
      topicArns: env.SES_SNS_TOPIC_ARNS,
      apply: feedback.apply,
      now: () => new Date(),
      log: labelledLog(write, 'feedback'),
    },
    deps: { store, secret, wake: worker.wake, now: () => new Date(), log },
    clientIp: (request, socketAddress) => clientIp(request, socketAddress, env.TRUST_PROXY),
    sameOrigin: (request) => sameOrigin(request, siteUrl),
    close: async () => {
      clearInterval(sweeper);
      await worker.stop();
      await transport.close();
      await db.close();
    },
  };
}
