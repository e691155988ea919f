import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import { openDatabase } from '../db/open.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { recordClicks } from '../clicks/counts.db.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { main } from './cli.ts';
import { readerFate, seedPublication } from './seed-publication.db.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const start = new Date('2026-10-05T00:00:00Z');
const now = new Date('2026-11-14T09:00:00Z');

describe.each(testEngines())('npm run report on %s', (engine) => {
  let t: TestDatabase;
  let dir: string;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'totw-report-'));
    await seedPublication(t.db, { subscribers: 600, issues: 6, start, unfinished: { pending: 2, uncertain: 3 } });
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[]) => {
    let out = '';
    const code = await main(argv, { DATABASE_URL: t.url }, { out: (text) => void (out += text), now: () => now });
    return { code, out };
  };

  it('reports the latest send as unfinished, with its uncertain addresses and the commands that resolve it', async () => {
    const uncertain = (await t.db.all<{ email: string }>(`SELECT email FROM deliveries WHERE issue = 6 AND status = 'uncertain' ORDER BY email`)).map((r) => r.email);
    expect(uncertain).toHaveLength(3);
    const { code, out } = await run(['--issue', 'latest']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Issue #6, send started 2026-11-13 04:00 UTC\n/);
    expect(out).toMatch(/Send NOT complete: \d+ of \d+ planned recipients handled, 2 pending, 3 uncertain\./);
    expect(out).toContain('  2 pending: run `npm run send -- --issue 6` to send them.');
    for (const address of uncertain) expect(out).toContain(`\n    ${address}\n`);
    expect(out).toContain('`npm run send -- --issue 6 --retry-uncertain`');
    const json = JSON.parse((await run(['--issue', 'latest', '--json'])).out) as { issue: number; send: { complete: boolean; uncertainAddresses: string[] } };
    expect(json.issue).toBe(6);
    expect(json.send.complete).toBe(false);
    expect([...json.send.uncertainAddresses].sort()).toEqual(uncertain);
  });

  it('says a finished send is complete, and its complaint rate against the limit', async () => {
    const { out } = await run(['--issue', '3']);
    expect(out).toMatch(/^Send complete: all \d+ planned recipients handled/m);
    expect(out).toContain("OVER Gmail's 0.30% limit");
  });

  it('gives the publication as JSON: one row per week, whose last row matches the readers now', async () => {
    const json = JSON.parse((await run(['--json'])).out) as { subscribers: Record<string, number | string>[]; issues: unknown[]; clickCounting: boolean; lastSend: { issue: number } };
    expect(json.subscribers.map((w) => w['week'])).toEqual(['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09']);
    const fates = Array.from({ length: 600 }, (_, i) => readerFate(i));
    const count = (fate: string) => fates.filter((f) => f === fate).length;
    expect(json.subscribers.at(-1)).toEqual({ week: '2026-11-09', pending: count('pending'), confirmed: count('confirmed'), unsubscribed: count('unsubscribed'), bounced: count('bounced') });
    expect(json.issues).toHaveLength(6);
    expect(json.clickCounting).toBe(false);
    expect(json.lastSend.issue).toBe(6);
  });

  it('writes the page with a point per week and per issue, and says where', async () => {
    const file = join(dir, 'report.html');
    const { out } = await run(['--html', file]);
    expect(out).toBe(`Wrote ${file}: 6 week(s) of subscribers, 6 issue(s). It needs no network: open it in any browser.\n`);
    const html = readFileSync(file, 'utf8');
    expect(html.match(/data-series="confirmed" data-points="6"/g)).toHaveLength(1);
    expect(html.match(/data-series="delivered" data-points="6"/g)).toHaveLength(1);
    expect(html.match(/data-series="rate" data-points="6"/g)).toHaveLength(1);
    expect(html).not.toContain('<script');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('shows paused readers and, with CLICK_COUNTS=1, the click counts the counter recorded', async () => {
    const store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    for (const id of [2, 3, 4]) await store.pause(id, new Date(now.getTime() + 14 * 86_400_000), now);
    await recordClicks(t.db, [{ issue: 2, pick: 1, day: '2026-10-16', clicks: 9, automated: 1 }, { issue: 2, pick: 2, day: '2026-10-16', clicks: 2, automated: 0 }]);
    const file = join(dir, 'report.html');
    const page = async (env: Record<string, string>) => {
      await main(['--html', file], { DATABASE_URL: t.url, ...env }, { out: () => {}, now: () => now });
      return readFileSync(file, 'utf8');
    };
    const on = await page({ CLICK_COUNTS: '1' });
    expect(on).toContain('(3 of them on a pause)');
    expect(on).toContain('Issue #2: clicks per pick (&lt; 3 automated clicks left out)');
    expect(on).toContain('<th scope="row">Pick 1</th><td>9</td>');
    expect(on).toContain('<th scope="row">Pick 2</th><td>&lt; 3</td>');
    const off = await page({});
    expect(off).toContain('Click counting is off');
    expect(off).toContain('(3 of them on a pause)');
  });
});

describe('npm run report, mistakes', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'totw-report-'));
    env = { DATABASE_URL: `file:${join(dir, 'tips.db')}` };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const run = (argv: string[]) => main(argv, env, { out: () => {} });

  it('says what to do when there is nothing to report', async () => {
    await expect(run(['--issue', '7'])).rejects.toThrow(`There is no database at file:${join(dir, 'tips.db')} yet, so nothing was sent: run \`npm run send -- --issue 7\` first.`);
    await (await openDatabase(env['DATABASE_URL']!)).close();
    await expect(run(['--issue', '8'])).rejects.toThrow(/^Issue #8 has not been sent from .*: nothing to report\. Send it with `npm run send -- --issue 8`\.$/);
    await expect(run(['--issue', 'latest'])).rejects.toThrow(/^No issue has been sent from .* yet, so there is no latest send to report\. Send one with `npm run send -- --issue latest`\.$/);
  });

  it('refuses a bad command line with the fix, and a page it cannot write without leaving a part behind', async () => {
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run(['--issue', 'newest'])).rejects.toThrow('--issue needs an issue number or "latest", e.g. npm run report -- --issue 7 (got "newest")');
    await expect(run(['--issue', '7', '--html', 'r.html'])).rejects.toThrow('--html draws every issue on one page: leave out --issue and --json');
    await expect(run(['7'])).rejects.toThrow('Unexpected argument "7": name the issue with --issue');
    await (await openDatabase(env['DATABASE_URL']!)).close();
    await expect(run(['--html', join(dir, 'missing', 'r.html')])).rejects.toThrow(`Cannot write the report page to ${join(dir, 'missing', 'r.html')} (ENOENT): choose a file in a folder that exists`);
    expect(readdirSync(dir).filter((f) => !f.startsWith('tips.db'))).toEqual([]);
  });
});
