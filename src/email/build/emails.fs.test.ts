/**
 * The build's email step with its real thread pool, in a scratch project that links the real
 * sources and packages (so its build/cache/ is its own).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../testing/build-site.fs.ts';
import type { EmailEntryDraft } from '../contract/manifest.ts';
import { announceRenderedEmail } from './announce.ts';
import { buildEmails, EmailCheckError, EmailWork, takeRenderedEmails, type RenderedEmails } from './emails.fs.ts';
import { finishAndCheck } from './worker.ts';

const site = 'https://tips.example';
const document = (n: number) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Email ${n}</title><style>p { color: #333333; }</style></head><body><p>Email ${n}, <a href="/issues/${n}/">read it on the web</a> or <a href="{{unsubscribe_url}}">unsubscribe</a>.</p></body></html>`;
const entry = (n: number): EmailEntryDraft => ({
  number: n,
  source: `content/issues/00${n}.md`,
  date: '2026-11-30',
  status: 'published',
  subject: `Issue ${n}`,
  preheader: 'A preheader',
  html: `issue-${n}.html`,
  text: `issue-${n}.txt`,
  webUrl: `${site}/issues/${n}/`,
  sendAt: '2026-11-30T06:00:00.000Z',
  stamp: String(n).repeat(64),
  pickUrls: [],
});
const notice = (kind: string) => ({ subject: `The ${kind} email`, preheader: 'Hello', html: `notice-${kind}.html`, text: `notice-${kind}.txt` });

function rendered(count: number, documentOf = document): RenderedEmails {
  const issues = Array.from({ length: count }, (_, i) => entry(i + 1));
  const notices = { confirm: notice('confirm'), welcome: notice('welcome'), change: notice('change') };
  const documents = new Map([...issues.map((e) => [e.html, documentOf(e.number)] as const), ['notice-confirm.html', document(100)], ['notice-welcome.html', document(101)], ['notice-change.html', document(102)]]);
  return { entries: { site, publication: 'Tips', issues, notices }, documents };
}

let root: string;
let outDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-emails-'));
  for (const item of ['src', 'node_modules', 'package.json', 'package-lock.json']) symlinkSync(join(projectRoot, item), join(root, item));
  mkdirSync(join(root, 'content'));
  outDir = join(root, 'out/email');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));
const options = (cache = true) => ({ root, outDir, cache, now: new Date('2026-12-04T10:00:00Z') });

describe('buildEmails', () => {
  it('finishes and checks every email on the pool exactly as one thread would, and writes both parts and the manifest', async () => {
    const { manifest, reused } = await buildEmails(rendered(3), options());
    expect(reused).toBe(0);
    for (let n = 1; n <= 3; n++) {
      const inline = finishAndCheck({ document: document(n), siteUrl: site, pickUrls: [] });
      expect(readFileSync(join(outDir, `issue-${n}.html`), 'utf8')).toBe(inline.html);
      expect(readFileSync(join(outDir, `issue-${n}.txt`), 'utf8')).toBe(inline.text);
    }
    expect(readFileSync(join(outDir, 'issue-2.html'), 'utf8')).toContain('href="https://tips.example/issues/2/"');
    expect(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(manifest.issues[0]).toMatchObject({ number: 1, placeholders: ['unsubscribe_url'] });
    expect(manifest.builtAt).toBe('2026-12-04T10:00:00.000Z');
  });

  it('reuses what the last build finished and checked for unchanged emails, unless the cache is off', async () => {
    await buildEmails(rendered(3), options());
    const first = readFileSync(join(outDir, 'issue-2.html'), 'utf8');
    rmSync(outDir, { recursive: true });
    const { reused } = await buildEmails(rendered(4), options());
    // Three issues and three notices unchanged; only issue 4 is new.
    expect(reused).toBe(6);
    expect(readFileSync(join(outDir, 'issue-2.html'), 'utf8')).toBe(first);
    await expect(buildEmails(rendered(3), options(false))).resolves.toMatchObject({ reused: 0 });
  });

  it('fails naming each email that fails its checks, and writes nothing', async () => {
    const withScript = (n: number) => (n === 2 ? document(n).replace('</body>', '<script>alert(1)</script></body>') : document(n));
    const failure = buildEmails(rendered(3, withScript), options());
    await expect(failure).rejects.toThrow(EmailCheckError);
    await expect(failure).rejects.toThrow(/^The email check found \d+ problem\(s\):\n {2}- content\/issues\/002\.md \(email of issue #2\): .*script/);
    expect(existsSync(outDir)).toBe(false);
  });

});

describe('EmailWork', () => {
  it('starts on the emails the routes announce while pages render, and the step gets the same results', async () => {
    const work = new EmailWork({ root, cache: false });
    work.listen();
    const tasks = [1, 2].map((n) => ({ document: document(n), siteUrl: site, pickUrls: [] }));
    for (const task of tasks) announceRenderedEmail(task);
    await vi.waitFor(() => expect(tasks.map((task) => work.started(task))).toEqual([true, true]));
    const { manifest } = await buildEmails(rendered(2), options(false), work);
    expect(manifest.issues).toHaveLength(2);
    expect(readFileSync(join(outDir, 'issue-1.html'), 'utf8')).toBe(finishAndCheck(tasks[0]!).html);
  });

  it('hears nothing once closed', async () => {
    const work = new EmailWork({ root, cache: false });
    work.listen();
    await work.close();
    const task = { document: document(9), siteUrl: site, pickUrls: [] };
    announceRenderedEmail(task);
    // Another listener on the same channel hears it, so the message went out.
    const heard = new EmailWork({ root, cache: false });
    heard.listen();
    announceRenderedEmail(task);
    await vi.waitFor(() => expect(heard.started(task)).toBe(true));
    expect(work.started(task)).toBe(false);
    await heard.close();
  });
});

describe('takeRenderedEmails', () => {
  it('reads the facts and documents the /email/ routes wrote, and takes them out of the site', () => {
    const dir = join(root, 'client/email');
    mkdirSync(dir, { recursive: true });
    const { entries, documents } = rendered(1);
    writeFileSync(join(dir, 'entries.json'), JSON.stringify(entries));
    for (const [file, html] of documents) writeFileSync(join(dir, file), html);
    expect(takeRenderedEmails(dir)).toEqual({ entries, documents });
    expect(existsSync(dir)).toBe(false);
  });
});
