/**
 * `npm run serve` (and `npm start` after building): checks the settings, loads the release `dist` points at,
 * listens, then opens and migrates the database and builds the services (the outbox worker starts with
 * them). It serves the release through Astro's Node handler (middleware mode) inside our own HTTP server,
 * which adds the security headers, compression, /healthz and the request log, and switches to a new release
 * when a build moves `dist` (release.fs.ts).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CliError } from '../cli/errors.ts';
import { builtForProblem, refuseSampleSettings, sampleSettingProblems } from '../config/deployment.ts';
import { localOrigin, parseEnv, serverSiteUrl, type Env } from '../config/env.ts';
import { site } from '../config/site.ts';
import { senderIdentity } from '../email/message.ts';
import { databaseHealth } from './health.fs.ts';
import { postRedirect } from '../import/redirects.fs.ts';
import { createHttpServer, type Health } from './http.ts';
import { labelledLog, safeLogLine, type Log } from './log.ts';
import { loadRelease, trackRelease, type Release } from './release.fs.ts';
import { createServices, noticesFollowing, type ServiceOptions, type Services } from './services.ts';
import { clickService } from '../clicks/serve.ts';
import { resolveSecret } from '../config/secret.fs.ts';

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export interface ServeOptions extends ServiceOptions {
  /** Look whether `dist` points at a new release at most this often (default 1000 ms). */
  releaseRecheckMs?: number;
}

/** The site URL the release's emails were built with (its manifest), or undefined when it has none. */
function builtFor(emailDir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(emailDir, 'manifest.json'), 'utf8')) as { site?: string }).site?.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** Why a release must not be served with these settings (in production: emails built for another URL), or undefined. */
function releaseProblem(release: Release, emailDirFallback: string, siteUrl: string, env: Env): string | undefined {
  const built = builtFor(release.emailDir ?? emailDirFallback);
  if (env.NODE_ENV !== 'production' || built === undefined) return undefined;
  return builtForProblem(built, siteUrl);
}

function listen(server: ReturnType<typeof createHttpServer>, env: Env): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new CliError(`Port ${env.PORT} on ${env.HOST} is already in use: stop the other server or set PORT.`) : error),
    );
    server.listen(env.PORT, env.HOST, resolve);
  });
}

/** Refuses settings that must not go live: an http site URL or sample values, in production. */
function refuseUnsafeSettings(env: Env, siteUrl: string): void {
  if (env.NODE_ENV === 'production' && !siteUrl.startsWith('https://')) {
    throw new CliError(`The public site URL is ${siteUrl}: in production every link in emails must be https. Set SITE_URL=https://… (or the url in src/config/site.ts) and start again.`);
  }
  const sender = senderIdentity(env, { title: site.title, editorEmail: site.editor.email }, siteUrl);
  refuseSampleSettings(sampleSettingProblems({ siteUrl, from: sender.from, replyTo: sender.replyTo, postalAddress: env.POSTAL_ADDRESS ?? site.postalAddress }), env.NODE_ENV, 'serve the site');
}

/** Loads the release `dist` points at and tracks it; the signup emails follow the release served. */
async function openReleases(rootDir: string, env: Env, siteUrl: string, write: Log, options: ServeOptions) {
  const emailDirFallback = isAbsolute(env.EMAIL_DIR) ? env.EMAIL_DIR : join(rootDir, env.EMAIL_DIR);
  const distPath = join(rootDir, 'dist');
  const first = await loadRelease(distPath);
  const firstProblem = releaseProblem(first, emailDirFallback, siteUrl, env);
  if (firstProblem) throw new CliError(firstProblem);
  const releases = trackRelease(distPath, first, {
    log: labelledLog(write, 'release'),
    accept: (release) => releaseProblem(release, emailDirFallback, siteUrl, env),
    ...(options.releaseRecheckMs !== undefined ? { recheckMs: options.releaseRecheckMs } : {}),
  });
  const notices = options.notices ?? noticesFollowing(() => releases.current().emailDir ?? emailDirFallback);
  await notices(); // fail at start-up, not at the first sign-up
  return { first, releases, notices };
}

/** The database once the services are up; a start-up failure is reported by main, not again as an unhandled rejection here. */
function servicesDb(services: Promise<Services>) {
  const db = services.then((s) => s.db);
  db.catch(() => undefined);
  return db;
}

export async function main(envVars: Record<string, string | undefined>, rootDir: string, write: Log, options: ServeOptions = {}): Promise<RunningServer> {
  const env = parseEnv(envVars);
  const siteUrl = options.siteUrl ?? serverSiteUrl(site.url, env);
  refuseUnsafeSettings(env, siteUrl);
  const { first, releases, notices } = await openReleases(rootDir, env, siteUrl, write, options);
  // Until the services are up, pages wait for them and /healthz says "starting".
  const ready = Promise.withResolvers<Services>();
  const clicks = clickService({
    env,
    secret: resolveSecret(env),
    emailDir: () => releases.current().emailDir ?? (isAbsolute(env.EMAIL_DIR) ? env.EMAIL_DIR : join(rootDir, env.EMAIL_DIR)),
    db: servicesDb(ready.promise),
    log: labelledLog(write, 'clicks'),
  });
  let health: Health = { check: async () => ({ ok: false, body: { status: 'starting' } }) };
  const server = createHttpServer({
    siteUrl,
    release: releases.current,
    locals: async () => ({ services: await ready.promise }),
    health: { check: () => health.check() },
    log: labelledLog(write, 'http'),
    limits: { requestTimeoutMs: env.REQUEST_TIMEOUT_SECONDS * 1000, headersTimeoutMs: 10_000, maxConnections: env.MAX_CONNECTIONS },
    movedTo: postRedirect(rootDir),
    clicks: clicks.handle,
  });
  // Listen before anything else starts: a server that cannot have its port must not run on as a headless outbox worker.
  await listen(server, env);
  createServices(envVars, rootDir, { ...options, siteUrl, notices, log: write }).then(ready.resolve, ready.reject);
  const services = await ready.promise.catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    throw error;
  });
  health = databaseHealth(services.db, services.outbox, env.DATABASE_URL, () => new Date(), labelledLog(write, 'health'));
  const url = `${localOrigin(env)}/`;
  write(safeLogLine(`Tip of the Week is running at ${url} (release ${first.id}; subscribers: ${services.db.describe()}; mail: ${services.transport.describe()}). Ctrl-C stops it.`));
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await releases.settled();
      await clicks.stop();
      await services.close();
    },
  };
}
