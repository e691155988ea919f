import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
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
    expect(out).toContain('Live on the site: issue #1 (2026-01-05)\nNext: issue #2 goes live and is due to send on 2099-01-05 (content/issues/2.mdx)\nDrafts waiting: content/issues/3.mdx, content/tips/draft-tip.mdx');
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

  it('checks links only when asked, and reports gone pages with their line', async () => {
    expect(await main(['--links'], {}, root, io)).toBe(1);
    expect(out).toMatch(/content\/issues\/1\.md:\d+: https:\/\/example\.com\/one answers 404: the article is gone/);
  });
});
