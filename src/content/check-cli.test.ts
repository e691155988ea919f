import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../testing/app-server.fs.ts';
import { proxyEnv } from '../testing/connect-proxy.fs.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { main } from './check-cli.ts';

let root: string;
let out = '';
const io = { out: (t: string) => void (out += t), now: () => new Date('2026-11-23T09:00:00Z'), fetch: async () => ({ status: 404, headers: { get: () => null } }) };
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-check-'));
  cpSync(join(projectRoot, 'src/testing/fixtures/content'), join(root, 'content'), { recursive: true });
  out = '';
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run check', () => {
  it('passes clean content and prints the publishing calendar', async () => {
    expect(await main([], { DATABASE_URL: `file:${join(root, 'none.db')}` }, root, io)).toBe(0);
    expect(out).toContain('Live on the site: issue #1 (2026-01-05)\nNext: issue #2 goes live on 2099-01-05 (content/issues/2.mdx)\nNext send: issue #1 is due now (since Mon, 5 Jan 2026, 06:00 America/Los_Angeles): `npm run send -- --issue due`\nDrafts waiting: content/issues/3.mdx, content/tips/draft-tip.mdx');
    expect(out).toMatch(/No errors(, \d+ warning\(s\))?\. 4 tips and 3 issues checked; add --links/);
  });

  it('prints errors and warnings as file:line: message, apart, and fails on errors', async () => {
    writeFileSync(
      join(root, 'content/tips/bad.mdx'),
      '---\ntitle: A tip with problems\ndate: 2026-01-06\nsummary: A fixture tip whose alt text says nothing at all.\ntakeaway: Say one thing. Then another.\ntags: [components]\nauthor: ada\nhero: ./images/hero.jpg\nheroAlt: image\n---\n\nBody.\n',
    );
    expect(await main([], {}, root, io)).toBe(1);
    expect(out).toContain('Errors (1), fix these before publishing:\ncontent/tips/bad.mdx:9: heroAlt "image" does not describe the image: say what it shows, for readers who cannot see it\n');
    expect(out).toMatch(/Warnings \(\d+\), worth a look:\n/);
    expect(out).toContain('content/tips/bad.mdx:5: takeaway is more than one sentence');
  });

  it('checks the pictures in a tip\'s text: a missing file and alt text that says nothing, each at its file:line:column', async () => {
    const tip = join(root, 'content/tips/every-component.mdx');
    const body = readFileSync(tip, 'utf8');
    writeFileSync(tip, body.replace('(./images/queue-board.jpg)', '(./images/queue-bord.jpg)').replace('![Bar chart of first-reply times over five weeks]', '![reply-times.png]'));
    expect(await main([], {}, root, io)).toBe(1);
    const line = (text: string) => body.split('\n').findIndex((l) => l.includes(text)) + 1;
    expect(out).toContain(`content/tips/every-component.mdx:${line('queue-board.jpg')}:1: image ./images/queue-bord.jpg was not found next to content/tips/every-component.mdx: check the path and the file name (case matters)\n`);
    expect(out).toContain(`content/tips/every-component.mdx:${line('reply-times.png')}:1: image ./images/reply-times.png has the alt text "reply-times.png", which does not describe it: say what it shows, for readers who cannot see it\n`);
  });

  it('warns about the sample site URL, From, Reply-To and postal address, which production refuses', async () => {
    await main([], {}, root, io);
    expect(out).toContain('src/config/site.ts:1: From "Tip of the Week" <editor@tips.example.com> is a sample address: set MAIL_FROM (or editor.email in src/config/site.ts) before going live (production refuses it)\n');
    out = '';
    const real = { SITE_URL: 'https://tips.acme-support.com', MAIL_FROM: 'Acme Tips <tips@acme-support.com>', REPLY_TO: 'dana@acme-support.com', POSTAL_ADDRESS: 'Acme Support Ltd, 12 Harbour Road, Bristol BS1 4RN, UK' };
    await main([], real, root, io);
    expect(out).not.toContain('src/config/site.ts');
  });

  it('checks links only when asked, and reports gone pages with their line', async () => {
    expect(await main(['--links'], {}, root, io)).toBe(1);
    expect(out).toMatch(/content\/issues\/1\.md:\d+: https:\/\/example\.com\/one answers 404: the article is gone/);
  });

  it('offline, --links says so in one line instead of one failure per link (the real command, every request refused)', async () => {
    // Node's fetch honours HTTPS_PROXY with NODE_USE_ENV_PROXY=1: a proxy port nothing listens on refuses every request, as offline.
    const proxy = `http://127.0.0.1:${await freePort()}`;
    const env = { ...proxyEnv(proxy), DATABASE_URL: `file:${join(root, 'none.db')}` };
    const { code, stdout, stderr } = await runScript(join(projectRoot, 'scripts/check.ts'), ['--links'], { env, cwd: root });
    // Offline is not a content problem: the check passes, and says the links were not checked.
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain('could not be checked');
    expect(stdout.match(/^Links not checked: .*$/gm)).toEqual([
      expect.stringMatching(/^Links not checked: none of the \d+ pick URLs could be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\. Is this machine offline\? Connect to the internet and run npm run check -- --links again\.$/),
    ]);
    expect(stdout).toMatch(/issues checked \(links not checked: offline\)\.\n$/);
  }, 60_000);
});
