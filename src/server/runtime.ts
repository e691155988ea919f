/**
 * The running server's services, built once from the environment (this is the server's
 * edge, like a CLI's main): the subscriber store, the mailer, the rate limiter and the
 * signup emails from the build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseServerEnv, resolveSecret, type ServerEnv } from '../config/server-env.ts';
import { site } from '../config/site.ts';
import { parseManifest } from '../email/manifest.ts';
import { defaultFrom } from '../email/message.ts';
import type { Mailer } from '../mail/mailer.ts';
import { outboxMailer } from '../mail/mailer.outbox.ts';
import { smtpMailer } from '../mail/mailer.smtp.ts';
import type { FlowDeps, NoticeEmail } from '../subscribers/flow.ts';
import { createRateLimiter, type RateLimiter } from '../subscribers/rate-limit.ts';
import { createSqliteStore, openDatabase } from '../subscribers/store.sqlite.ts';
import type { SubscriberStore } from '../subscribers/store.ts';

export interface Services {
  env: ServerEnv;
  store: SubscriberStore;
  mailer: Mailer;
  limiter: RateLimiter;
  /** Dependencies for the signup flow, with links based on `origin` unless SITE_URL is set. */
  deps: (origin: string) => FlowDeps;
  /** The client's IP, honouring X-Forwarded-For only when TRUST_PROXY is set. */
  clientIp: (request: Request, fallback: string | undefined) => string | null;
  /** Whether a form POST comes from our own pages (Origin or Referer). */
  sameOrigin: (request: Request) => boolean;
}

let current: Services | undefined;

const log = (line: string) => console.log(`[subscriptions] ${line}`);

export function services(): Services {
  if (current) return current;
  const env = parseServerEnv(process.env);
  const secret = resolveSecret(env);
  const store = createSqliteStore(openDatabase(env.DATABASE_URL));
  const mailer = env.SMTP_URL ? smtpMailer(env.SMTP_URL) : outboxMailer(env.OUTBOX_DIR, log);
  log(`Mail goes to ${mailer.describe()}; subscribers in ${env.DATABASE_URL}.`);
  const limiter = createRateLimiter({ limit: env.SUBSCRIBE_RATE_LIMIT, windowMs: 10 * 60_000 });

  const noticesFromBuild = (): { confirm: NoticeEmail; welcome: NoticeEmail } | undefined => {
    const path = join(env.EMAIL_DIR, 'manifest.json');
    if (!existsSync(path)) return undefined;
    const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')), path);
    const load = (kind: 'confirm' | 'welcome') => ({
      subject: manifest.notices[kind].subject,
      html: readFileSync(join(env.EMAIL_DIR, manifest.notices[kind].html), 'utf8'),
      text: readFileSync(join(env.EMAIL_DIR, manifest.notices[kind].text), 'utf8'),
    });
    return { confirm: load('confirm'), welcome: load('welcome') };
  };
  // In `npm run dev` there may be no build yet: the dev server renders the same emails at /email/.
  const noticesFromDevServer = async (origin: string) => {
    const get = async (path: string) => {
      const response = await fetch(new URL(path, origin));
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      return response.text();
    };
    const subjectOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? site.title;
    const load = async (kind: string) => {
      const html = await get(`/email/notice-${kind}.html`);
      return { subject: subjectOf(html), html, text: await get(`/email/notice-${kind}.txt`) };
    };
    return { confirm: await load('confirm'), welcome: await load('welcome') };
  };

  current = {
    env,
    store,
    mailer,
    limiter,
    deps: (origin) => ({
      store,
      mailer,
      secret,
      linkBase: env.SITE_URL ?? origin,
      from: env.MAIL_FROM ?? defaultFrom(site.title, site.editor.email),
      replyTo: env.REPLY_TO ?? site.editor.email,
      notices: async () => {
        const built = noticesFromBuild();
        if (built) return built;
        if (env.NODE_ENV === 'production') throw new Error(`No signup emails in ${env.EMAIL_DIR}/: run \`npm run build\` before starting the server.`);
        return noticesFromDevServer(origin);
      },
      now: () => new Date(),
      log,
    }),
    clientIp: (request, fallback) => {
      if (env.TRUST_PROXY) {
        const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
        if (forwarded) return forwarded;
      }
      return fallback ?? null;
    },
    sameOrigin: (request) => {
      const source = request.headers.get('origin') ?? request.headers.get('referer');
      if (!source) return false;
      try {
        const from = new URL(source).origin;
        const allowed = [new URL(request.url).origin, ...(env.SITE_URL ? [new URL(env.SITE_URL).origin] : [])];
        return allowed.includes(from);
      } catch {
        return false;
      }
    },
  };
  return current;
}
