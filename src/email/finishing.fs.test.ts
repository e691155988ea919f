/**
 * The build's email finishing with a real worker thread, in a scratch project that links the
 * real sources and packages (so its build/cache/ is its own).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { finishAndCheck } from './finish-job.ts';
import { EmailFinishing } from './finishing.fs.ts';

const site = 'https://tips.example';
const doc = (n: number) => `<html lang="en"><head><style>p { color: #333333; }</style></head><body><p>Email ${n}, <a href="/issues/${n}/">read it on the web</a></p></body></html>`;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-finishing-'));
  for (const item of ['src', 'node_modules', 'package.json', 'package-lock.json']) symlinkSync(join(projectRoot, item), join(root, item));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const submitAll = (finishing: EmailFinishing, count: number) => {
  for (let n = 1; n <= count; n++) finishing.submit(`issue-${n}.html`, { raw: doc(n), siteUrl: site, pickUrls: [] });
};

describe('EmailFinishing', () => {
  it('finishes and checks every email on a worker thread, exactly as the main thread would', async () => {
    const finishing = new EmailFinishing({ root, cache: true });
    submitAll(finishing, 5);
    const { results, finishedReused, checksReused } = await finishing.finish();
    expect([...results.keys()]).toEqual(['issue-1.html', 'issue-2.html', 'issue-3.html', 'issue-4.html', 'issue-5.html']);
    for (let n = 1; n <= 5; n++) {
      const inline = finishAndCheck({ raw: doc(n), siteUrl: site, pickUrls: [] }, 'any', {});
      expect(results.get(`issue-${n}.html`)).toMatchObject({ html: inline.html, text: inline.text, problems: inline.problems });
    }
    expect(results.get('issue-2.html')!.html).toContain('href="https://tips.example/issues/2/"');
    expect([finishedReused, checksReused]).toEqual([0, 0]);
  });

  it('reuses what the last build finished and checked, unless the cache is off', async () => {
    const first = new EmailFinishing({ root, cache: true });
    submitAll(first, 3);
    const before = await first.finish();
    const second = new EmailFinishing({ root, cache: true });
    submitAll(second, 4);
    const after = await second.finish();
    expect([after.finishedReused, after.checksReused]).toEqual([3, 3]);
    expect(after.results.get('issue-2.html')).toEqual({ ...before.results.get('issue-2.html'), checkReused: true });
    const uncached = new EmailFinishing({ root, cache: false });
    submitAll(uncached, 3);
    expect(await uncached.finish()).toMatchObject({ finishedReused: 0, checksReused: 0 });
  });

  it('fails with the email named when finishing one email throws in the worker', async () => {
    const finishing = new EmailFinishing({ root, cache: false });
    submitAll(finishing, 2);
    // Not a list of URLs: the check cannot key it, which throws inside the worker.
    finishing.submit('issue-3.html', { raw: doc(3), siteUrl: site, pickUrls: null as unknown as string[] });
    await expect(finishing.finish()).rejects.toThrow(/^Finishing issue-3\.html failed: .+/);
  });

  it('gives the same results with its worker started before the first email', async () => {
    const finishing = new EmailFinishing({ root, cache: false });
    await finishing.start();
    submitAll(finishing, 2);
    const { results } = await finishing.finish();
    const inline = finishAndCheck({ raw: doc(2), siteUrl: site, pickUrls: [] }, 'any', {});
    expect(results.get('issue-2.html')).toMatchObject({ html: inline.html, text: inline.text, problems: inline.problems });
  });

  it('fails every email, named, when the worker started early could not run', async () => {
    rmSync(join(root, 'src'));
    const finishing = new EmailFinishing({ root, cache: false });
    // Whether the failure comes before the emails or while they wait, each one fails with it.
    await finishing.start().catch(() => {});
    submitAll(finishing, 2);
    await expect(finishing.finish()).rejects.toThrow(/Finishing issue-1\.html failed: .*finish-worker\.ts/);
  });

  it('fails with the email named when the worker cannot run, and lets the process exit', async () => {
    rmSync(join(root, 'src'));
    const finishing = new EmailFinishing({ root, cache: false });
    submitAll(finishing, 2);
    await expect(finishing.finish()).rejects.toThrow(/Finishing issue-1\.html failed: .*finish-worker\.ts/);
  });
});
