/**
 * Moving in, end to end (slow: one real build, shared by every test here): a WordPress export
 * imported into an empty publication passes `npm run check`, builds, shows its archive issue
 * on the page, in the feed and in the email, keeps old addresses out of the sitemap, and every
 * old address answers the built server with a redirect to a page that exists.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as check } from '../content/check-cli.ts';
import { parseManifest } from '../email/contract/manifest.ts';
import { startAppServer, type AppServer } from '../testing/app-server.fs.ts';
import { runAstroBuild, stageProject, type SiteBuild } from '../testing/build-site.fs.ts';
import { main } from './cli.ts';
import { postRedirect, readRedirectTable } from './redirects.fs.ts';
import { TEST_SECRET } from '../testing/secrets.ts';

const FIXTURES = join(import.meta.dirname, '../testing/fixtures/import/wordpress');
const SITE = 'https://moved.example';
let root: string;
let build: SiteBuild;
let server: AppServer;
let checkOutput = '';
let checkExit = -1;
const dist = (path: string) => readFileSync(join(build.dist, path), 'utf8');

beforeAll(async () => {
  const empty = mkdtempSync(join(tmpdir(), 'totw-empty-content-'));
  root = stageProject(empty, 'totw-moved-in-');
  rmSync(empty, { recursive: true });
  const io = { out: (t: string) => void (checkOutput += t), err: () => undefined, now: () => new Date('2026-12-04T10:00:00Z') };
  await main(['wordpress', join(FIXTURES, 'front-line-notes.WordPress.2026-12-01.xml'), '--uploads', join(FIXTURES, 'uploads')], {}, root, io);
  checkOutput = '';
  // The moved-in publication's own settings, as it would go live (the sample ones are warned about).
  const live = { SITE_URL: 'https://frontlinenotes.net', MAIL_FROM: 'Front Line Notes <editor@frontlinenotes.net>', REPLY_TO: 'editor@frontlinenotes.net', POSTAL_ADDRESS: 'Front Line Notes, 4 Quay Street, Galway H91 XK2P, Ireland' };
  checkExit = await check([], { DATABASE_URL: `file:${join(root, 'check.db')}`, ...live }, root, { ...io, fetch: fetch as never });
  build = await runAstroBuild(root, { SITE_URL: SITE });
  if (build.exitCode !== 0) throw new Error(`the imported site did not build:\n${build.output}`);
  server = await startAppServer(root, { DATABASE_URL: `file:${join(root, 'serve.db')}`, SUBSCRIPTION_SECRET: TEST_SECRET, OUTBOX_DIR: join(root, 'outbox') });
});
afterAll(async () => {
  await server?.stop();
  build?.cleanup();
});

describe('a WordPress archive moved in', () => {
  it('passes npm run check with no error and no warning', () => {
    expect(checkOutput).toContain('No errors. 11 tips and 1 issues checked');
    expect(checkExit).toBe(0);
  });

  it('builds its tips (drafts left out), with pictures optimised and old links pointing at new pages', () => {
    for (const slug of ['answer-the-question-they-asked', 'write-the-reply-you-would-want', 'uber-den-tellerrand', 'お客様の声', 'three-links-i-liked', 'a-guests-view-of-the-queue', 'how-we-track-promises']) {
      expect(existsSync(join(build.dist, 'tips', slug, 'index.html')), slug).toBe(true);
    }
    for (const draft of ['closing-the-loop', 'escalation-ladder', 'half-written-the-hand-off-note', 'notes-for-the-team']) expect(existsSync(join(build.dist, 'tips', draft))).toBe(false);
    const tip = dist('tips/answer-the-question-they-asked/index.html');
    expect(tip).toMatch(/<img[^>]+src="\/_astro\/desk\.[\w-]+\.webp"[^>]+alt="The reply goes out from this desk"|<img[^>]+alt="The reply goes out from this desk"[^>]+src="\/_astro\/desk\.[\w-]+\.webp"/);
    expect(tip).toContain('under {2} days');
    expect(tip).toContain('&lt;48 hours');
    expect(dist('tips/how-we-track-promises/index.html')).toContain('href="/tips/answer-the-question-they-asked/"');
  });

  it('shows the archive issue, which has no tip, on its page, in the archive, in the feed and in its email', () => {
    const page = dist('issues/1/index.html');
    expect(page).toContain('<title>Issue #1: Five customer service reads for the week');
    expect(page).toContain('Five customer service reads for the week');
    expect(page).toContain('href="https://journal.example.org/queues-that-move"');
    expect(page).toContain('Splitting by effort is the part most teams skip.');
    expect(page).toContain('Here are five articles from this week');
    expect(page).not.toContain('Tip of the week</p>');
    expect(dist('issues/index.html')).toContain('5 reads with our comments: Queues that keep moving;');
    const feed = dist('rss.xml');
    expect(feed).toContain('<title>#1: Five customer service reads for the week</title>');
    expect(feed).toContain('journal.example.org/queues-that-move');
    const manifest = parseManifest(JSON.parse(readFileSync(join(root, 'build/email/manifest.json'), 'utf8')));
    expect(manifest.issues).toEqual([expect.objectContaining({ number: 1, archived: true, subject: 'Tip of the Week #1: Five customer service reads for the week', date: '2016-11-25' })]);
    const email = readFileSync(join(root, 'build/email/issue-1.html'), 'utf8');
    expect(email).toContain('Five customer service reads for the week</a></h1>');
    expect(email).toContain('How to say no and keep the customer');
  });

  it('lists only the new addresses in the sitemap', () => {
    const locs = [...dist('sitemap-0.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    expect(locs).toContain('/tips/answer-the-question-they-asked/');
    expect(locs).toContain('/issues/1/');
    expect(locs.filter((p) => /^\/(\d{4}|tag|category|author|feed)\//.test(p))).toEqual([]);
  });

  it('answers every old address with a 301 to a page that exists', async () => {
    const table = readRedirectTable(root);
    expect(Object.keys(table.paths)).toHaveLength(21);
    for (const [from, to] of Object.entries(table.paths)) {
      const moved = await fetch(server.url + encodeURI(from), { redirect: 'manual' });
      expect(moved.status, from).toBe(301);
      const location = new URL(moved.headers.get('location')!, server.url);
      expect(decodeURI(location.pathname), from).toBe(to);
      expect((await fetch(new URL(location.pathname, server.url))).status, to).toBe(200);
    }
  });

  it('sends every old ?p= link to a page of the build: npm run serve answers it, and nginx can', async () => {
    const redirect = postRedirect(root);
    const table = readRedirectTable(root);
    expect(Object.keys(table.posts).sort()).toEqual(['101', '102', '103', '104', '105', '106', '112', '113']);
    for (const id of Object.keys(table.posts)) {
      const to = redirect(`/?p=${id}`)!;
      expect(existsSync(join(build.dist, decodeURI(to), 'index.html')), to).toBe(true);
    }
    expect(redirect('/?p=999')).toBeUndefined();
    const moved = await fetch(`${server.url}/?p=101`, { redirect: 'manual' });
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(table.posts['101']);
    expect((await fetch(`${server.url}/?p=999`, { redirect: 'manual' })).status).toBe(200);
    expect(redirect('/tips/?p=101')).toBeUndefined();
    expect(readFileSync(join(root, 'imported/nginx-redirects.conf'), 'utf8')).toContain('    "101" "/tips/answer-the-question-they-asked/";');
    expect(readFileSync(join(build.dist, '_redirects'), 'utf8')).toContain('/2016/11/25/five-customer-service-reads/ /issues/1/ 301');
  });
});
