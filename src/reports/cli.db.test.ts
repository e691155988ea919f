import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import { openDatabase } from '../db/open.ts';
import { main } from './cli.ts';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'totw-report-'));
  env = { DATABASE_URL: `file:${join(dir, 'tips.db')}` };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = async (argv: string[]) => {
  let out = '';
  const code = await main(argv, env, { out: (t) => void (out += t) });
  return { code, out };
};

describe('npm run report', () => {
  it('reports a sent issue as a table and as JSON', async () => {
    const db = await openDatabase(env['DATABASE_URL']!);
    const started = new Date('2026-11-20T08:00:00Z');
    await db.run(`INSERT INTO sends (issue, started_at, status) VALUES (7, ?, 'complete')`, [started]);
    for (let i = 1; i <= 4; i++) {
      await db.run(
        `INSERT INTO subscribers (email, status, created_at, updated_at, signup_at, unsubscribed_at) VALUES (?, ?, ?, ?, ?, ?)`,
        [`r${i}@example.com`, i === 4 ? 'unsubscribed' : 'confirmed', started, started, started, i === 4 ? new Date('2026-11-21T00:00:00Z') : null],
      );
      await db.run(`INSERT INTO deliveries (issue, subscriber_id, email, status, created_at, updated_at) VALUES (7, ?, ?, ?, ?, ?)`, [i, `r${i}@example.com`, i === 3 ? 'bounced' : 'sent', started, started]);
    }
    await db.run(`INSERT INTO feedback_events (event_id, kind, subscriber_id, issue, source, verdict, occurred_at, created_at) VALUES ('e1', 'complaint', 4, 7, 'arf', 'complained', ?, ?)`, [started, started]);
    await db.close();

    const table = await run(['--issue', '7']);
    expect(table.code).toBe(0);
    expect(table.out).toBe(
      [
        'Issue #7, send started 2026-11-20 08:00 UTC',
        '  Sent                 3',
        '  Failed               0',
        '  Bounced, hard        1  1 during the send, 0 reported later',
        '  Bounced, soft        0  0 address(es) stopped after 3 in 30 days',
        '  Complaints           1',
        '  Unsubscribes         1  since the send started',
        "  Complaint rate  33.33%  OVER Gmail's 0.30% line: providers will start filtering this list as spam",
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await run(['--issue', '7', '--json'])).out) as Record<string, unknown>;
    expect(json).toMatchObject({ issue: 7, sent: 3, complaints: 1, unsubscribes: 1, bounced: { hard: 1 }, overComplaintLimit: true });
  });

  it('says what to do when there is nothing to report, and refuses a bad command line', async () => {
    await expect(run(['--issue', '7'])).rejects.toThrow(`There is no database at file:${join(dir, 'tips.db')} yet, so nothing was sent: run \`npm run send -- --issue 7\` first.`);
    await (await openDatabase(env['DATABASE_URL']!)).close();
    await expect(run(['--issue', '8'])).rejects.toThrow(/^Issue #8 has not been sent from .*: nothing to report\. Send it with `npm run send -- --issue 8`\.$/);
    await expect(run([])).rejects.toThrow(UsageError);
    await expect(run(['--issue', 'latest'])).rejects.toThrow('--issue needs an issue number, e.g. npm run report -- --issue 7');
  });
});
