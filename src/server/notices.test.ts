import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noticesFromBuild } from './services.ts';

let dir: string;
const notice = (kind: string) => ({ subject: `${kind} subject`, preheader: 'p', html: `notice-${kind}.html`, text: `notice-${kind}.txt`, placeholders: [], htmlBytes: 1 });
const writeBuild = (version: string, mtime: number) => {
  for (const kind of ['confirm', 'welcome', 'change']) {
    writeFileSync(join(dir, `notice-${kind}.html`), `<p>${kind} ${version}</p>`);
    writeFileSync(join(dir, `notice-${kind}.txt`), `${kind} ${version}`);
  }
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ version: 1, builtAt: '2026-11-23T10:00:00.000Z', contentHash: 'a'.repeat(64), site: 'https://tips.example.com/', publication: 'Tips', issues: [], notices: { confirm: notice('confirm'), welcome: notice('welcome'), change: notice('change') } }));
  utimesSync(manifest, mtime, mtime);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'totw-notices-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('noticesFromBuild', () => {
  it('reads the notices once, and again only when a new build is seen, looking at most once per recheck interval', async () => {
    writeBuild('v1', 1_000);
    let clock = 0;
    const notices = noticesFromBuild(dir, { recheckMs: 1000, now: () => clock });
    expect((await notices()).confirm).toEqual({ subject: 'confirm subject', html: '<p>confirm v1</p>', text: 'confirm v1' });
    // Files changed without a new manifest: still the cached notices.
    writeFileSync(join(dir, 'notice-confirm.txt'), 'edited by hand');
    clock = 5_000;
    expect((await notices()).confirm.text).toBe('confirm v1');
    // A new build, seen only after the recheck interval.
    writeBuild('v2', 2_000);
    clock = 5_500;
    expect((await notices()).welcome.text).toBe('welcome v1');
    clock = 6_000;
    expect((await notices()).welcome.text).toBe('welcome v2');
    expect((await notices()).change).toEqual({ subject: 'change subject', html: '<p>change v2</p>', text: 'change v2' });
  });

  it('says to build again when the build predates the new-address email', async () => {
    writeBuild('v1', 1_000);
    const path = join(dir, 'manifest.json');
    const { change: _dropped, ...older } = { confirm: notice('confirm'), welcome: notice('welcome'), change: notice('change') };
    writeFileSync(path, JSON.stringify({ version: 1, builtAt: '2026-11-23T10:00:00.000Z', contentHash: 'a'.repeat(64), site: 'https://tips.example.com/', publication: 'Tips', issues: [], notices: older }));
    const failure = noticesFromBuild(dir)();
    await expect(failure).rejects.toThrow(`${path} is not a manifest this version understands. Run \`npm run build\` to write a fresh one.`);
    await expect(failure).rejects.toThrow(/notices\.change/);
  });

  it('says to build when there is no manifest', async () => {
    await expect(noticesFromBuild(dir)()).rejects.toThrow(`No signup emails in ${dir}/ (manifest.json is missing): run \`npm run build\`, then start the server again.`);
  });
});
