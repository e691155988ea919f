/**
 * Click counts end to end (slow: shared fixture build): the real send command with CLICK_COUNTS=1 writes the same
 * /r/ links into every reader's copy, the real server redirects and counts them, refuses forged and altered
 * links, filters scanners, and after the run neither the database file nor the server log holds an address, an
 * IP or a user agent of anyone who clicked.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open.ts';
import { main as sendMain } from '../sending/cli.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { startAppServer, type AppServer } from '../testing/app-server.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { pickClicks } from './counts.db.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY as SUPPRESSION_KEY } from '../testing/secrets.ts';

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 ClickTestBrowser';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 ClickTestFox';
const PEOPLE = ['203.0.113.41', '203.0.113.42'];
let build: SiteBuild;
let smtp: SmtpSink;
let app: AppServer;
let dataDir: string;
let env: Record<string, string>;
let pickUrls: string[];

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  smtp = await startSmtpSink();
  dataDir = mkdtempSync(join(tmpdir(), 'totw-clicks-'));
  env = { DATABASE_URL: `file:${join(dataDir, 'tips.db')}`, SUBSCRIPTION_SECRET: SECRET, SUPPRESSION_KEY, SMTP_URL: smtp.url, CLICK_COUNTS: '1' };
  app = await startAppServer(build.root, { ...env, TRUST_PROXY: '1' });
  const db = await openDatabase(env['DATABASE_URL']!);
  await createSubscriberStore(db, { suppressionKey: SUPPRESSION_KEY }).importConfirmed([{ email: 'lee@example.com', firstName: undefined }, { email: 'max@example.com', firstName: undefined }], 'test', new Date());
  await db.close();
  const manifest = JSON.parse(readFileSync(join(build.root, 'build/email/manifest.json'), 'utf8')) as { issues: { number: number; pickUrls: string[] }[] };
  pickUrls = manifest.issues.find((e) => e.number === 1)!.pickUrls;
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
  build?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The /r/ paths in an email, in pick order (the decoy, pick 0, first). */
const clickLinks = (html: string) =>
  [...new Set([...html.matchAll(/https:\/\/fixture\.example(\/r\/1\/\d+\/[\w-]{22})/g)].map((m) => m[1]!))].sort((a, b) => Number(a.split('/')[3]) - Number(b.split('/')[3]));
const open = (path: string, ip: string, ua: string | undefined, method = 'GET', headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, { method, redirect: 'manual', headers: { 'X-Forwarded-For': ip, ...(ua ? { 'User-Agent': ua } : {}), ...headers } });

describe('click counts (send + server + SQLite)', () => {
  it('says on the signup page that clicks are counted, and how', async () => {
    expect(await (await fetch(`${app.url}/subscribe/`)).text()).toContain('count how often each one is opened in total. The count knows nothing about who clicked');
  });

  it('puts the same signed /r/ links in every reader\'s copy, one per pick plus a hidden decoy', async () => {
    let out = '';
    const code = await sendMain(['--issue', '1', '--yes'], env, build.root, { out: (t) => void (out += t), err: (t) => void (out += t), isTTY: false, confirm: async () => false, signal: new AbortController().signal, now: () => new Date() });
    expect(code, out).toBe(0);
    const [lee, max] = ['lee@example.com', 'max@example.com'].map((to) => smtp.messages.find((m) => m.to.includes(to))!);
    const links = clickLinks(String(lee!.mail.html));
    expect(links).toHaveLength(pickUrls.length + 1);
    expect(clickLinks(String(max!.mail.html))).toEqual(links);
    for (const url of pickUrls) expect(String(lee!.mail.html)).not.toContain(`href="${url}"`);
    expect(lee!.mail.text).toContain('https://fixture.example/r/1/1/');
    expect(lee!.mail.text).not.toContain('/r/1/0/');
  });

  it('redirects people to the article, filters scanners, refuses forged links, and counts without keeping anyone', async () => {
    const links = clickLinks(String(smtp.messages[0]!.mail.html));
    const [decoy, ...picks] = links as [string, ...string[]];
    const first = await open(picks[0]!, PEOPLE[0]!, CHROME);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(pickUrls[0]);
    expect(first.headers.get('cache-control')).toBe('no-store');
    await open(picks[0]!, PEOPLE[0]!, CHROME); // a repeat: one click
    await open(picks[0]!, PEOPLE[1]!, FIREFOX);
    await open(picks[1]!, PEOPLE[1]!, FIREFOX);
    // Scanners: a HEAD check, a prefetch, a named scanner, a burst through every pick, a decoy clicker.
    expect((await open(picks[2]!, '192.0.2.1', CHROME, 'HEAD')).status).toBe(302);
    await open(picks[2]!, '192.0.2.2', CHROME, 'GET', { 'Sec-Purpose': 'prefetch' });
    await open(picks[2]!, '192.0.2.3', 'Mozilla/5.0 (compatible; Proofpoint URL Defense)');
    for (const pick of picks) await open(pick, '192.0.2.4', CHROME);
    expect((await open(decoy, '192.0.2.5', CHROME)).status).toBe(302);
    await open(picks[1]!, '192.0.2.5', CHROME);

    // Forged or altered: 404, nothing counted, never a redirect elsewhere.
    const signature = picks[0]!.split('/').at(-1)!;
    for (const path of [picks[0]!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), `/r/1/${pickUrls.length + 1}/${signature}`, `/r/2/1/${signature}`, `/r/999/1/${signature}`, '/r/1/1/https%3A%2F%2Fevil.example', `/r/1/1/${signature}/..%2F..%2F`]) {
      const response = await open(path, PEOPLE[0]!, CHROME);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('location'), path).toBeNull();
    }

    await app.stop(); // writes what the filter still holds
    const db = await openDatabase(env['DATABASE_URL']!);
    try {
      const counts = await pickClicks(db, 1);
      expect(counts.picks).toEqual([{ pick: 1, clicks: 2 }, { pick: 2, clicks: 1 }]);
      expect(counts.automated).toBe(3 + picks.length + 2);
      expect(await db.all('SELECT issue, pick FROM pick_clicks WHERE issue <> 1')).toEqual([]);
    } finally {
      await db.close();
    }
    const stored = ['tips.db', 'tips.db-wal'].filter((f) => existsSync(join(dataDir, f))).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('\n');
    const log = app.logs();
    expect(log).toContain(`GET ${picks[0]} 302`);
    for (const secret of [...PEOPLE, '192.0.2.4', 'ClickTestBrowser', 'ClickTestFox', 'Proofpoint']) {
      expect(stored, `database holds ${secret}`).not.toContain(secret);
      expect(log, `log holds ${secret}`).not.toContain(secret);
    }
    expect(log).not.toMatch(/lee@example\.com|max@example\.com/);
  });
});
