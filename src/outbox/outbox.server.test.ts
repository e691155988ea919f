/**
 * The mail outbox and the hardened server, end to end (slow: builds the site once): the
 * built server in child processes, real SQLite files (PostgreSQL too when
 * TOTW_TEST_POSTGRES_URL is set), a real SMTP server that goes down, slows down and refuses,
 * and chromium for the Content-Security-Policy. Nothing sleeps a fixed time: every wait
 * is for a condition.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { freePort, startAppServer, type AppServer } from '../testing/app-server.fs.ts';
import { launchBrowser } from '../testing/browser.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { freshDatabase, testEngines } from '../testing/databases.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { OUTBOX_DEFAULTS } from './worker.ts';
import { TEST_SECRET as SECRET } from '../testing/secrets.ts';

let build: SiteBuild;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  build?.cleanup();
});

/** A temp SQLite database URL, removed after the run. */
function sqliteUrl(): { url: string; dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'totw-outbox-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { url: `file:${join(dir, 'tips.db')}`, dir, path: join(dir, 'tips.db') };
}
async function sink(options: Parameters<typeof startSmtpSink>[0] = {}): Promise<SmtpSink> {
  const s = await startSmtpSink(options);
  cleanups.push(() => s.close());
  return s;
}
async function server(database: string, smtpUrl: string, env: Record<string, string> = {}): Promise<AppServer> {
  const app = await startAppServer(build.root, { DATABASE_URL: database, SUBSCRIPTION_SECRET: SECRET, SMTP_URL: smtpUrl, SUBSCRIBE_RATE_LIMIT: '0', ...env });
  cleanups.push(() => app.stop());
  return app;
}
async function database(url: string): Promise<Database> {
  const db = await openDatabase(url);
  cleanups.push(() => db.close());
  return db;
}

const signUp = (app: AppServer, email: string) =>
  fetch(`${app.url}/subscribe/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.url },
    body: new URLSearchParams({ email, form: 'e2e' }).toString(),
  });
/** Posts sign-ups `concurrency` at a time; returns the statuses. */
async function signUpAll(apps: AppServer[], emails: string[], concurrency = 16): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < emails.length; i += concurrency) {
    const batch = emails.slice(i, i + concurrency).map(async (email, j) => {
      const response = await signUp(apps[(i + j) % apps.length]!, email);
      await response.arrayBuffer();
      return response.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** Waits (polling) until `condition` holds; `what` names it when it does not within `ms`. */
const waitFor = (condition: () => boolean | Promise<boolean>, what: string, ms = 60_000) =>
  vi.waitFor(async () => expect(await condition(), what).toBe(true), { timeout: ms, interval: 50 });

const outboxCounts = async (db: Database) =>
  Object.fromEntries((await db.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status')).map((r) => [r.status, Number(r.n)])) as Record<string, number>;
/** How many messages each address got. */
const perAddress = (smtp: SmtpSink) => {
  const counts = new Map<string, number>();
  for (const m of smtp.messages) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};
const addresses = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

/** A request with exactly the headers given (fetch would add Accept-Encoding and decompress). */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the outbox keeps every sign-up through mail outages and crashes', () => {
  it('SMTP down during 200 sign-ups, then up on the same port: every confirmation arrives exactly once', async () => {
    const port = await freePort();
    const { url } = sqliteUrl();
    const app = await server(url, `smtp://127.0.0.1:${port}`, { OUTBOX_RETRY_BASE_MS: '200', OUTBOX_RETRY_MAX_MS: '2000' });
    const db = await database(url);
    const emails = addresses('outage', 200);
    const statuses = await signUpAll([app], emails);
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    // The worker tried and failed: the outage was real, and the rows wait.
    await waitFor(async () => (await db.get('SELECT 1 AS x FROM mail_outbox WHERE last_error IS NOT NULL')) !== undefined, 'a failed attempt recorded');
    expect(await outboxCounts(db)).not.toHaveProperty('sent');
    const smtp = await sink({ port });
    await waitFor(async () => (await outboxCounts(db))['sent'] === 200, 'all 200 rows sent');
    expect(smtp.messages).toHaveLength(200);
    const counts = perAddress(smtp);
    expect([...counts.keys()].sort()).toEqual([...emails].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(smtp.messages.every((m) => m.mail.subject === 'Confirm your subscription to Tip of the Week')).toBe(true);
  }, 120_000);

  it('a server killed with SIGKILL while the outbox holds 100 rows: after a restart every row is delivered', async () => {
    const { url } = sqliteUrl();
    const smtp = await sink({ delayMs: 400, countOnly: false });
    const knobs = { OUTBOX_LEASE_SECONDS: '1', OUTBOX_RETRY_BASE_MS: '100' };
    const first = await server(url, smtp.url, knobs);
    const db = await database(url);
    const emails = addresses('crash', 100);
    expect((await signUpAll([first], emails)).every((s) => s === 200)).toBe(true);
    await waitFor(() => smtp.received() >= 1, 'the first confirmation reached the slow SMTP server');
    // More rows claimed than the worker sends at once: some wait in its batch, 'sending' for at least one more
    // slow reply (0.4 s), so the kill that follows finds them in flight. Right after the first reply, between two
    // claims, there may be none (that raced once in CI).
    await waitFor(async () => ((await outboxCounts(db))['sending'] ?? 0) > OUTBOX_DEFAULTS.concurrency, 'a claimed batch waiting behind the slow SMTP server');
    await first.kill('SIGKILL');
    const atCrash = await outboxCounts(db);
    // Killed mid-delivery: rows claimed and in flight, and rows still queued.
    expect(atCrash['sending']).toBeGreaterThan(0);
    expect(atCrash['sent'] ?? 0).toBeLessThan(100);
    expect(Object.values(atCrash).reduce((a, b) => a + b, 0)).toBe(100);

    smtp.setDelay(0);
    await server(url, smtp.url, knobs);
    await waitFor(async () => (await outboxCounts(db))['sent'] === 100, 'all 100 rows sent after the restart');
    await waitFor(() => perAddress(smtp).size === 100, 'every address got its confirmation');
    // Only a row that was in flight when the process died may have gone twice.
    const duplicates = [...perAddress(smtp).values()].filter((n) => n > 1).length;
    expect(duplicates).toBeLessThanOrEqual(atCrash['sending']!);
  }, 120_000);

  it('records a permanent 5xx with its reason, marks the address bounced, and does not retry it', async () => {
    const { url } = sqliteUrl();
    const smtp = await sink();
    smtp.onRecipient((address) => (address === 'nobody@example.com' ? { code: 550, message: '5.1.1 <nobody@example.com>: Recipient address rejected: User unknown' } : undefined));
    const app = await server(url, smtp.url, { OUTBOX_RETRY_BASE_MS: '50' });
    const db = await database(url);
    expect((await signUp(app, 'nobody@example.com')).status).toBe(200);
    const failedRow = () => db.get<{ status: string; attempts: number; last_error: string }>("SELECT o.status, o.attempts, o.last_error FROM mail_outbox o JOIN subscribers s ON s.id = o.subscriber_id WHERE s.email = 'nobody@example.com'");
    await waitFor(async () => (await failedRow())?.status === 'failed', 'the row recorded as failed');
    // Later mail goes out, and the failed row is left alone.
    for (const email of ['after1@example.com', 'after2@example.com']) {
      await signUp(app, email);
      await smtp.waitFor((messages) => messages.some((m) => m.to.includes(email)));
    }
    expect(await failedRow()).toEqual({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/^address does not exist: .*550.*5\.1\.1 <nobody@example\.com>: Recipient address rejected: User unknown/) });
    expect((await db.get<{ status: string }>("SELECT status FROM subscribers WHERE email = 'nobody@example.com'"))?.status).toBe('bounced');
    expect(smtp.messages.some((m) => m.to.includes('nobody@example.com'))).toBe(false);
  }, 60_000);

  describe.each(testEngines())('two server processes on one %s database', (engine) => {
    it('deliver each row once', async () => {
      const url = engine === 'sqlite' ? sqliteUrl().url : await (async () => {
        const fresh = await freshDatabase('postgres');
        cleanups.push(() => fresh.cleanup());
        return fresh.url;
      })();
      const smtp = await sink({ delayMs: 5 });
      const apps = await Promise.all([server(url, smtp.url), server(url, smtp.url)]);
      const db = await database(url);
      const emails = addresses(`pair-${engine}-`, 100);
      expect((await signUpAll(apps, emails)).every((s) => s === 200)).toBe(true);
      await waitFor(async () => (await outboxCounts(db))['sent'] === 100, 'all 100 rows sent');
      await waitFor(() => smtp.messages.length >= 100, '100 messages at the SMTP server');
      // Each row was claimed once (a claim counts an attempt) and mailed once.
      expect(await db.all('SELECT id FROM mail_outbox WHERE attempts <> 1')).toEqual([]);
      expect(smtp.messages).toHaveLength(100);
      expect(new Set(smtp.messages.map((m) => m.mail.messageId)).size).toBe(100);
      expect([...perAddress(smtp).keys()].sort()).toEqual([...emails].sort());
    }, 120_000);
  });
});

describe('hardened responses', () => {
  let app: AppServer;
  let smtp: SmtpSink;
  let cssPath: string;
  beforeAll(async () => {
    smtp = await sink();
    app = await server(sqliteUrl().url, smtp.url);
    const home = await (await fetch(`${app.url}/`)).text();
    cssPath = /href="(\/_astro\/[^"]+\.css)"/.exec(home)?.[1] ?? '';
  });

  const expectSecurityHeaders = (headers: Headers | IncomingHttpHeaders, what: string) => {
    const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined)) ?? null;
    const csp = get('content-security-policy') ?? '';
    expect({ what, csp }).toEqual({ what, csp: expect.stringContaining("frame-ancestors 'none'") });
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("'unsafe-inline'");
    expect({ what, nosniff: get('x-content-type-options') }).toEqual({ what, nosniff: 'nosniff' });
    expect(get('referrer-policy')).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
    expect(get('permissions-policy')).toContain('camera=()');
    // http://127.0.0.1: no HSTS (see headers.test.ts for https).
    expect(get('strict-transport-security')).toBeNull();
  };

  it('on a page, an asset, the subscribe POST, and the unsubscribe and confirm pages', async () => {
    expect(cssPath).toMatch(/^\/_astro\/.+\.css$/);
    const page = await fetch(`${app.url}/`);
    expectSecurityHeaders(page.headers, 'page');
    // A prerendered page carries the rest of its policy, with the hashes of its inline code, in a <meta> (Astro's CSP).
    expect(await page.text()).toMatch(/<meta http-equiv="content-security-policy" content="default-src 'self';[^"]*script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const asset = await fetch(`${app.url}${cssPath}`);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset.headers, 'asset');
    const post = await signUp(app, 'headers@example.com');
    expect(post.status).toBe(200);
    expectSecurityHeaders(post.headers, 'subscribe POST');
    for (const path of ['/unsubscribe/?token=broken', '/confirm/?token=broken', '/unsubscribe?token=broken']) {
      const response = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      expectSecurityHeaders(response.headers, path);
      expect({ path, cache: response.headers.get('cache-control'), referrer: response.headers.get('referrer-policy') }).toEqual({ path, cache: 'no-store', referrer: 'no-referrer' });
    }
  });

  it('compresses with brotli or gzip when asked, and not otherwise', async () => {
    for (const path of ['/', cssPath]) {
      const br = await raw(`${app.url}${path}`, { 'Accept-Encoding': 'br' });
      expect({ path, encoding: br.headers['content-encoding'] }).toEqual({ path, encoding: 'br' });
      const gzip = await raw(`${app.url}${path}`, { 'Accept-Encoding': 'gzip' });
      expect({ path, encoding: gzip.headers['content-encoding'] }).toEqual({ path, encoding: 'gzip' });
      const plain = await raw(`${app.url}${path}`);
      expect({ path, encoding: plain.headers['content-encoding'] }).toEqual({ path, encoding: undefined });
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      expect(br.body.length).toBeLessThan(plain.body.length);
      expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    }
  });

  it('/healthz answers 200 with the outbox backlog', async () => {
    const response = await raw(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(response.body.toString()) as { outbox: { pending: number; oldestSeconds: number | null } };
    expect(body).toMatchObject({ status: 'ok', database: 'reachable', outbox: { pending: expect.any(Number) } });
    expect(body.outbox.oldestSeconds === null || typeof body.outbox.oldestSeconds === 'number').toBe(true);
  });

  it('answers a sign-up that hits a database error with 500 and the kind page; /healthz says 503 when the database file is gone', async () => {
    const { url, dir, path } = sqliteUrl();
    // A busy timeout of 0.1 s, not the default 5 s, so the test does not wait out the default.
    const broken = await server(url, smtp.url, { SQLITE_BUSY_TIMEOUT_MS: '100' });
    // Another process holds the write lock past the server's busy timeout: "database is locked".
    const holder = new DatabaseSync(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const response = await signUp(broken, 'locked-out@example.com');
      expect(response.status).toBe(500);
      const html = await response.text();
      expect(html).toContain('Something went wrong on our side and your sign-up was not saved. Please try again in a few minutes');
      expect(html).not.toContain('more text than the form takes');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(broken.logs()).toContain('sign-up failed');
    expect((await raw(`${broken.url}/healthz`)).status).toBe(200);
    rmSync(dir, { recursive: true, force: true });
    const down = await raw(`${broken.url}/healthz`);
    expect(down.status).toBe(503);
    // Public: no path (security review 2, item 10); the operator reads what happened in the log.
    expect(JSON.parse(down.body.toString())).toEqual({ status: 'unavailable', database: 'unreachable' });
    // The child's log arrives through a pipe, possibly after the answer.
    await vi.waitFor(() => expect(broken.logs()).toContain(`/healthz answers 503: The SQLite file ${path} is gone since the server opened it: new sign-ups would be lost. Put the file back (or restore it from a backup), then restart the server.`));
  }, 30_000);

  it('in chromium, search, the quiz and the subscribe form work with no Content-Security-Policy violation', async () => {
    const browser = await launchBrowser();
    cleanups.push(() => browser.close());
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning' || /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));

    await page.goto(`${app.url}/search/`);
    await page.fill('#search-input', 'parcel');
    await page.waitForSelector('#search-results li a');
    expect(await page.$$eval('#search-results li a', (as) => as.map((a) => a.getAttribute('href')))).toContain('/tips/every-component/');

    await page.goto(`${app.url}/tips/every-component/`);
    const answer = page.locator('.quiz details p').first();
    expect(await answer.isVisible()).toBe(false);
    await page.click('.quiz summary');
    expect(await answer.isVisible()).toBe(true);

    const email = `browser-${randomBytes(3).toString('hex')}@example.com`;
    await page.fill('#tip-subscribe-email', email);
    await page.click('#tip-subscribe button[type=submit], form.subscribe button[type=submit]');
    await page.waitForSelector('h1:has-text("Check your inbox")');
    await smtp.waitFor((messages) => messages.some((m) => m.to.includes(email)));
    await page.goto(`${app.url}/`);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
