/**
 * `npm run send -- --issue due --when-live [--wait]` end to end: the run's shared fixture build
 * (for https://fixture.example), served (or not) by a local https server that the send command
 * reaches under that host name through a test proxy (NODE_USE_ENV_PROXY, HTTPS_PROXY), the
 * real send command over a real SMTP sink, and one SQLite database.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/open.ts';
import { STAMP_META_NAME } from '../issues/stamp.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freePort } from '../testing/app-server.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { proxyEnv, startConnectProxy } from '../testing/connect-proxy.fs.ts';
import { startScript, stopScripts, type ScriptRun } from '../testing/run-script.fs.ts';
import { SHARED_SITES, sharedBuild } from '../testing/shared-build.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { serveStatic } from '../testing/static-server.fs.ts';
import { loopbackCert, type LoopbackCert } from '../testing/tls-cert.fs.ts';
import { main } from './cli.ts';
import { createLedger } from './ledger.db.ts';
import { EX_TEMPFAIL } from './live-wait.ts';
import { TEST_SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const READERS = 12;
const siteUrl = SHARED_SITES.fixture.env.SITE_URL;
let build: SiteBuild;
let proxyPort: number;
let dir: string;
let sink: SmtpSink;
let site: { close: () => Promise<void> } | undefined;
let certDir: string;
let cert: LoopbackCert;
const sends: ScriptRun[] = [];
/**
 * Serves `root` as the site: an https server on a free port, and the proxy the send command uses in
 * front of it. Until this runs, nothing listens on the proxy's port, and every request is refused.
 */
const serve = async (root: string) => {
  const https = await serveStatic(root, 0, cert);
  const proxy = await startConnectProxy(proxyPort, Number(new URL(https.url).port)).catch(async (error: unknown) => {
    await https.close();
    throw error;
  });
  site = { close: async () => void (await Promise.all([proxy.close(), https.close()])) };
};

beforeAll(async () => {
  proxyPort = await freePort();
  certDir = mkdtempSync(join(tmpdir(), 'totw-when-live-cert-'));
  // Emails link only to https: the site's own host name, with a test certificate.
  cert = loopbackCert(certDir, [new URL(siteUrl).hostname]);
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
});
afterAll(() => {
  build?.cleanup();
  rmSync(certDir, { recursive: true, force: true });
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'totw-when-live-'));
  sink = await startSmtpSink();
  const db = await openDatabase(`file:${join(dir, 'tips.db')}`);
  const rows = Array.from({ length: READERS }, (_, i) => ({ email: `reader${i}@example.com`, firstName: undefined }));
  await createSubscriberStore(db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed(rows, 'test seed', new Date());
  await db.close();
});
afterEach(async () => {
  await stopScripts(sends);
  await site?.close();
  site = undefined;
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({
  DATABASE_URL: `file:${join(dir, 'tips.db')}`,
  SUBSCRIPTION_SECRET: TEST_SECRET,
  SUPPRESSION_KEY: TEST_SUPPRESSION_KEY,
  SITE_URL: siteUrl,
  SMTP_URL: sink.url,
});

/** Starts `npm run send -- <argv>` as its own process, through the test proxy, trusting the test certificate. */
function send(argv: string[]): ScriptRun {
  const viaProxy = { ...proxyEnv(`http://127.0.0.1:${proxyPort}`), NODE_EXTRA_CA_CERTS: cert.certPath };
  const run = startScript(join(build.root, 'scripts/send.ts'), argv, { cwd: build.root, env: { ...env(), ...viaProxy } });
  sends.push(run);
  return run;
}

/** The same command in this process, on a clock of the test's choosing. */
async function sendAt(argv: string[], now: Date) {
  let out = '';
  const code = await main(argv, env(), build.root, { out: (t) => void (out += t), err: () => undefined, isTTY: false, confirm: async () => false, signal: new AbortController().signal, now: () => now });
  return { code, out };
}

const sentCount = async () => {
  const db = await openDatabase(`file:${join(dir, 'tips.db')}`);
  try {
    return (await createLedger(db).counts(1)).sent;
  } finally {
    await db.close();
  }
};

/** The built site with issue 1's page changed by `edit`: a build of other content, as far as the check can tell. */
function siteWith(edit: (page: string) => string): string {
  const copy = join(dir, 'site');
  cpSync(build.dist, copy, { recursive: true, dereference: true });
  const page = join(copy, 'issues/1/index.html');
  writeFileSync(page, edit(readFileSync(page, 'utf8')));
  return copy;
}
const stampTag = new RegExp(`<meta name="${STAMP_META_NAME}" content="([a-f0-9]{64})">`);

// Each test starts the send command several times as its own process.
describe('send --issue due --when-live', { timeout: 60_000 }, () => {
  it('stamps the issue page with the stamp the email build records', () => {
    const manifest = JSON.parse(readFileSync(join(build.root, 'build/email/manifest.json'), 'utf8')) as { issues: { number: number; stamp: string; webUrl: string }[] };
    const entry = manifest.issues.find((e) => e.number === 1)!;
    expect(entry.webUrl).toBe(`${siteUrl}/issues/1/`);
    expect(stampTag.exec(readFileSync(join(build.dist, 'issues/1/index.html'), 'utf8'))?.[1]).toBe(entry.stamp);
  });

  it('refuses with exit 75 while nothing answers, an older build is served, then sends once the new build is', async () => {
    const nothing = await send(['--issue', 'due', '--when-live', '--yes']).done;
    expect(nothing.code).toBe(EX_TEMPFAIL);
    expect(nothing.stderr).toBe(`Issue #1 is not live yet: ${siteUrl}/issues/1/ did not answer (ECONNREFUSED). Nothing sent; run the same command again once the site is deployed.\n`);

    await serve(siteWith((page) => page.replace(stampTag, '')));
    const unstamped = await send(['--issue', 'due', '--when-live', '--yes']).done;
    expect(unstamped.code).toBe(EX_TEMPFAIL);
    expect(unstamped.stderr).toContain('carries no issue stamp (<meta name="totw:issue">): the site there is an older build. Nothing sent;');
    await site!.close();

    await serve(siteWith((page) => page.replace(stampTag, `<meta name="${STAMP_META_NAME}" content="${'f'.repeat(64)}">`)));
    const stale = await send(['--issue', 'due', '--when-live', '--yes']).done;
    expect(stale.code).toBe(EX_TEMPFAIL);
    expect(stale.stderr).toContain(`Issue #1 is not live yet: ${siteUrl}/issues/1/ shows another version of issue #1 than the email about to go out: deploy this build. Nothing sent;`);
    expect(sink.received()).toBe(0);
    expect(await sentCount()).toBe(0);
    await site!.close();

    await serve(build.dist);
    const live = await send(['--issue', 'due', '--when-live', '--yes']).done;
    expect(live.code, live.stderr).toBe(0);
    expect(live.stderr).toContain(`Issue #1 is live at ${siteUrl}/issues/1/.`);
    expect(sink.received()).toBe(READERS);
    expect(await sentCount()).toBe(READERS);
    // Each email links to the page just checked, the same link for every reader: nothing personal in it.
    const { mail, to } = sink.messages[0]!;
    expect(mail.html).toMatch(new RegExp(`<a href="${siteUrl}/issues/1/"[^>]*>View in your browser</a>`));
    expect(mail.text).toContain(`View in your browser\n<${siteUrl}/issues/1/>`);
    expect(mail.html!.match(/href="([^"]*)"[^>]*>View in your browser/)![1]).not.toContain(to[0]!.split('@')[0]!);
  });

  it('--wait sends when the page appears mid-wait', async () => {
    // Half a minute or less: checked every second (the shortest interval), so the page is seen within a second.
    const waiting = send(['--issue', 'due', '--wait', '30s', '--yes']);
    await vi.waitFor(() => expect(waiting.stderr()).toContain('Issue #1 is not live yet:'), { timeout: 20_000, interval: 50 });
    expect(waiting.stderr()).toContain('did not answer (ECONNREFUSED). Checking every 1s for up to');
    await serve(build.dist);
    const done = await waiting.done;
    expect(done.code, done.stderr).toBe(0);
    expect(sink.received()).toBe(READERS);
  });

  it('two runs started at once on one database mail each subscriber exactly once', async () => {
    await serve(build.dist);
    sink.setDelay(25); // slow enough that both runs are at work at once
    const runs = await Promise.all([send(['--issue', 'due', '--when-live', '--yes']).done, send(['--issue', 'due', '--when-live', '--yes']).done]);
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
    expect(sink.received()).toBe(READERS);
    expect([...sink.perRecipient().values()]).toEqual(Array(READERS).fill(1));
    expect(await sentCount()).toBe(READERS);
    const again = await send(['--issue', 'due', '--when-live', '--yes']).done;
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('Nothing is due: issue #1, the newest published issue, has been sent.\n');
  });

  it('sends nothing before the issue\'s sendAt, and says when it goes out', async () => {
    await serve(build.dist);
    const early = await sendAt(['--issue', 'due', '--when-live', '--yes'], new Date('2026-01-05T10:00:00Z'));
    expect(early).toEqual({ code: 0, out: 'Nothing is due yet: issue #1 goes out at Mon, 5 Jan 2026, 06:00 America/Los_Angeles (its sendAt).\n' });
    expect(sink.received()).toBe(0);
  });
});
