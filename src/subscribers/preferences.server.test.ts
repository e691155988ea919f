/**
 * The preference page against the real built server, a real SQLite file, a real SMTP server and the real send
 * command (slow: uses the shared fixture build), and in Debian's chromium with JavaScript off: the link in every
 * issue, a change of address end to end, a pause, the data download, erase, resubscribe, and the RFC 8058
 * one-click POST still one step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { main as sendMain } from '../sending/cli.ts';
import { startAppServer, type AppServer } from '../testing/app-server.fs.ts';
import { axeViolations, newAxeContext } from '../testing/axe.fs.ts';
import { launchBrowser } from '../testing/browser.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { startSmtpSink, type Captured, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { createSubscriberStore } from './store.db.ts';
import type { SubscriberStore } from './store.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY as SUPPRESSION_KEY } from '../testing/secrets.ts';

let build: SiteBuild;
let smtp: SmtpSink;
let app: AppServer;
let db: Database;
let store: SubscriberStore;
let browser: Browser;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  smtp = await startSmtpSink();
  dataDir = mkdtempSync(join(tmpdir(), 'totw-prefs-'));
  env = { DATABASE_URL: `file:${join(dataDir, 'tips.db')}`, SUBSCRIPTION_SECRET: SECRET, SUPPRESSION_KEY, SMTP_URL: smtp.url };
  app = await startAppServer(build.root, { ...env, TRUST_PROXY: '1' });
  db = await openDatabase(env['DATABASE_URL']!);
  store = createSubscriberStore(db, { suppressionKey: SUPPRESSION_KEY });
  await store.importConfirmed(['dana', 'pia', 'olly', 'dee', 'rae'].map((n) => ({ email: `${n}@example.com`, firstName: undefined })), 'test', new Date());
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await db?.close();
  await app?.stop();
  await smtp?.close();
  build?.cleanup();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run send -- --issue <n> --yes --force` (fixture issues 2 and 3 are dated in the future), in this process, against the server's database and the sink. */
const send = async (issue: number) => {
  let out = '';
  const code = await sendMain(['--issue', String(issue), '--yes', '--force'], env, build.root, { out: (t) => void (out += t), err: (t) => void (out += t), isTTY: false, confirm: async () => false, signal: new AbortController().signal, now: () => new Date() });
  expect(code, out).toBe(0);
};
const issueMails = (issue: number, to: string) => smtp.messages.filter((m) => m.to.includes(to) && m.mail.subject?.includes(`#${issue}`));
const mailsTo = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
/** A link from a captured email, on the test server: issues are built for the fixture's https://fixture.example. */
const linkIn = (m: Captured, path: string) => {
  const found = new RegExp(`(?:https://fixture\\.example|${app.url.replace(/[.]/g, '\\.')})(${path}\\?token=[\\w.-]+)`).exec(m.mail.text ?? '');
  if (!found) throw new Error(`no ${path} link in:\n${m.mail.text}`);
  return `${app.url}${found[1]}`;
};
const manageLink = (to: string) => linkIn(issueMails(1, to)[0]!, '/preferences/');
const press = (link: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'null', ...headers }, body: new URLSearchParams({ token: new URL(link).searchParams.get('token')!, ...fields }).toString() });
/** A page with JavaScript off: every button must work without it. */
const noScriptPage = async (): Promise<Page> => (await browser.newContext({ javaScriptEnabled: false })).newPage();

describe('preference page (server + SQLite + SMTP + chromium)', () => {
  it('links "Manage your subscription" from every issue email, in HTML and text, next to an untouched one-click unsubscribe', async () => {
    await send(1);
    const mail = issueMails(1, 'dana@example.com')[0]!;
    expect(mail.mail.text).toContain('Manage your subscription');
    expect(mail.mail.html).toMatch(/<a [^>]*href="https:\/\/fixture\.example\/preferences\/\?token=[\w.-]+"[^>]*>Manage your subscription<\/a>/);
    expect(mail.mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    // Each reader's link is their own.
    expect(manageLink('pia@example.com')).not.toBe(manageLink('dana@example.com'));
  });

  it('passes axe in light and dark, and keeps the token out of caches and Referer headers', async () => {
    const response = await fetch(manageLink('dana@example.com'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await (await newAxeContext(browser, { colorScheme })).newPage();
      await page.goto(manageLink('dana@example.com'));
      expect(await page.locator('h1').textContent()).toBe('Manage your subscription');
      expect(await axeViolations(page), colorScheme).toEqual([]);
      // The answer to a button, and a page for a link that does not work.
      await page.getByRole('button', { name: 'Pause for 2 weeks' }).click();
      expect(await axeViolations(page), `${colorScheme}, after a pause`).toEqual([]);
      await page.getByRole('button', { name: 'Resume now' }).click();
      await page.goto(`${app.url}/preferences/address/?token=broken`);
      expect(await axeViolations(page), `${colorScheme}, broken link`).toEqual([]);
      await page.context().close();
    }
    // Six axe runs in chromium: like the other axe tests, room for a busy machine.
  }, 60_000);

  it('changes the address end to end without JavaScript: the old address until confirmed, then only the new one', async () => {
    const page = await noScriptPage();
    await page.goto(manageLink('dana@example.com'));
    await page.getByLabel('New email address').fill('Dana@New.Example');
    await page.getByRole('button', { name: 'Send the confirmation' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('Check dana@new.example');
    await smtp.waitFor(() => mailsTo('dana@new.example').length === 1);
    const confirmation = mailsTo('dana@new.example')[0]!;
    expect(confirmation.mail.subject).toBe('Confirm your new address for Tip of the Week');
    expect(confirmation.mail.text).toContain('move your Tip of the Week subscription to this address');
    const link = linkIn(confirmation, '/preferences/address/');

    // Not confirmed yet: the next issue still goes to the old address, and nothing to the new one.
    await send(2);
    expect(issueMails(2, 'dana@example.com')).toHaveLength(1);
    expect(issueMails(2, 'dana@new.example')).toHaveLength(0);

    // Opening the link (as a scanner would) changes nothing; the button does.
    await page.goto(link);
    expect((await store.byId((await store.byEmail('dana@example.com'))!.id))?.pendingEmail).toBe('dana@new.example');
    await page.getByRole('button', { name: 'Confirm my new address' }).click();
    expect(await page.locator('h1').textContent()).toBe('Your address is changed');
    const dana = await store.byEmail('dana@new.example');
    expect(dana).toMatchObject({ status: 'confirmed', consent: { previousEmail: 'dana@example.com', consentText: 'test' } });

    await send(3);
    expect(issueMails(3, 'dana@new.example')).toHaveLength(1);
    expect(issueMails(3, 'dana@example.com')).toHaveLength(0);
    // The old email's manage link belonged to the old address: it no longer opens anything.
    expect((await fetch(manageLink('dana@example.com'))).status).toBe(400);
    await page.context().close();
  });

  it('pauses from the page for the weeks chosen (the send skipping paused readers is in preferences.db.test.ts)', async () => {
    const page = await noScriptPage();
    await page.goto(manageLink('pia@example.com'));
    await page.getByRole('button', { name: 'Pause for 4 weeks' }).click();
    await expect.poll(() => page.locator('[role=status]').textContent()).toMatch(/^Paused until /);
    expect(await page.getByRole('button', { name: 'Resume now' }).count()).toBe(1);
    const pia = (await store.byEmail('pia@example.com'))!;
    expect(new Date(pia.pausedUntil!).getTime() - Date.now()).toBeGreaterThan(27 * 86_400_000);
    await page.context().close();
  });

  it('downloads the reader\'s data as JSON', async () => {
    const response = await press(manageLink('dee@example.com'), { action: 'export' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="my-subscription-data.json"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const data = await response.json();
    expect(data).toMatchObject({ subscription: { email: 'dee@example.com', status: 'confirmed' }, consent: { form: 'import', consentText: 'test' } });
    expect(data.deliveries).toEqual([1, 2, 3].map((issue) => ({ issue, status: 'sent', sentAt: expect.any(String) })));
    expect(JSON.stringify(data)).not.toMatch(/dana@|pia@|olly@/);
  });

  it('unsubscribes, resubscribes with a fresh confirmation, and erases', async () => {
    const link = manageLink('rae@example.com');
    expect(await (await press(link, { action: 'unsubscribe' })).text()).toContain('You are unsubscribed.');
    expect((await store.byEmail('rae@example.com'))?.status).toBe('unsubscribed');
    expect(await (await press(link, { action: 'resubscribe' })).text()).toContain('Check rae@example.com');
    await smtp.waitFor(() => mailsTo('rae@example.com').some((m) => m.mail.subject === 'Confirm your subscription to Tip of the Week'));
    expect((await store.byEmail('rae@example.com'))?.status).toBe('pending');
    const erased = await press(link, { action: 'erase' });
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain('Erased.');
    expect(await store.byEmail('rae@example.com')).toBeUndefined();
    expect(await store.isSuppressed('rae@example.com')).toBe(true);
  });

  it('says nothing about click counting on the signup page while CLICK_COUNTS is off', async () => {
    expect(await (await fetch(`${app.url}/subscribe/`)).text()).not.toContain('click-counting');
  });

  it('keeps the RFC 8058 one-click POST one step', async () => {
    const unsubscribe = linkIn(issueMails(1, 'olly@example.com')[0]!, '/unsubscribe/');
    const response = await fetch(unsubscribe, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(response.status).toBe(200);
    expect((await store.byEmail('olly@example.com'))?.status).toBe('unsubscribed');
  });

  it('refuses forged links, cross-site posts and unknown buttons, changing nothing', async () => {
    const link = manageLink('pia@example.com');
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(forged)).status).toBe(400);
    expect((await press(forged, { action: 'unsubscribe' })).status).toBe(400);
    expect((await press(link, { action: 'unsubscribe' }, { Origin: 'https://evil.example' })).status).toBe(403);
    expect(await (await press(link, { action: 'pause', weeks: '52' })).text()).toContain('Pause for 2, 4, 8 weeks.');
    expect((await fetch(`${app.url}/preferences/address/?token=${new URL(link).searchParams.get('token')}`)).status).toBe(400);
    expect((await store.byEmail('pia@example.com'))?.status).toBe('confirmed');
  });
});
