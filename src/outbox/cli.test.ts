import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../cli/errors.ts';
import { openDatabase } from '../db/open.ts';
import { formatAge, main } from './cli.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { createOutbox } from './outbox.db.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
let dir: string;
let env: Record<string, string>;
let out: string;
let err: string;
const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t), now: () => NOW };
const run = (...argv: string[]) => {
  out = '';
  err = '';
  return main(argv, env, io);
};

/**
 * Rows 1–2 sent, 3 failed (bounce), 4 failed (gave up), 5 queued for a retry, 6 queued since
 * 2 h 5 min ago; row n is for subscriber n (reader<n>@example.com), except row 4, whose
 * subscriber is gone.
 */
async function seed(): Promise<void> {
  const db = await openDatabase(env['DATABASE_URL']!);
  const outbox = createOutbox(db);
  await createSubscriberStore(db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed(
    Array.from({ length: 6 }, (_, i) => ({ email: `reader${i + 1}@example.com`, firstName: undefined })),
    'test',
    ago(8000),
  );
  for (let i = 1; i <= 6; i++) await db.transaction((tx) => outbox.enqueue(tx, i === 2 ? 'welcome' : 'confirm', i === 4 ? 999 : i, ago(7500 - i)));
  const rows = await outbox.claim('w', 5, ago(100), ago(70));
  await outbox.markSent(rows[0]!.id, '<a@x>', ago(99));
  await outbox.markSent(rows[1]!.id, '<b@x>', ago(99));
  await outbox.markFinal(rows[2]!.id, 'failed', 'address does not exist: 550 5.1.1 no such user', ago(99));
  await outbox.markFinal(rows[3]!.id, 'failed', 'gave up after 10 attempts: 421 try later', ago(99));
  await outbox.markRetry(rows[4]!.id, 'Connection refused', new Date('2026-11-23T10:05:00.000Z'), ago(99));
  await db.close();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'totw-outbox-cli-'));
  env = { DATABASE_URL: `file:${join(dir, 'tips.db')}` };
  await seed();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('outbox CLI', () => {
  it('status: counts by status, the oldest waiting row, and what to do about failures', async () => {
    expect(await run('status')).toBe(0);
    expect(out).toBe(
      `Mail outbox in ${join(dir, 'tips.db')}: 2 queued, 0 sending, 2 sent, 2 failed, 0 dropped\n` +
        '2 waiting to be delivered; the oldest for 2 h 4 min.\n' +
        '2 failed: see why with `npm run outbox -- list --status failed`, re-queue with `npm run outbox -- retry`.\n',
    );
  });

  it('list: failed rows by default, newest first, with kind, address (and subscriber id), attempts and the reason; --status and --limit', async () => {
    expect(await run('list')).toBe(0);
    expect(out).toBe(
      'id\tkind\taddress\tsubscriber\tattempts\tnext attempt\tlast error\n' +
        '4\tconfirm\t(erased)\t999\t1\t-\tgave up after 10 attempts: 421 try later\n' +
        '3\tconfirm\treader3@example.com\t3\t1\t-\taddress does not exist: 550 5.1.1 no such user\n',
    );
    await run('list', '--status', 'queued', '--limit', '1');
    expect(out.split('\n')[1]).toBe('6\tconfirm\treader6@example.com\t6\t0\t2026-11-23T07:55:06.000Z\t');
    await run('list', '--status', 'queued');
    expect(out.split('\n')[2]).toBe('5\tconfirm\treader5@example.com\t5\t1\t2026-11-23T10:05:00.000Z\tConnection refused');
    expect(await run('list', '--status', 'dropped')).toBe(0);
    expect(err).toBe('No dropped rows.\n');
  });

  it('retry: one row by id, then all the others; a row that is not failed is refused', async () => {
    expect(await run('retry', '--id', '3')).toBe(0);
    expect(out).toBe('Re-queued 1 failed row(s); a running server delivers them within seconds (`npm run outbox -- status` shows progress).\n');
    expect(await run('retry', '--id', '1')).toBe(1);
    expect(err).toBe('Row 1 is not a failed row (see `npm run outbox -- list --status failed`); nothing re-queued.\n');
    expect(await run('retry')).toBe(0);
    expect(out).toContain('Re-queued 1 failed row(s)');
    await run('status');
    expect(out).toContain('4 queued, 0 sending, 2 sent, 0 failed, 0 dropped\n');
    await run('list', '--status', 'queued', '--limit', '2');
    // Re-queued rows start counting attempts afresh and are due now.
    expect(out.split('\n').slice(1, 3)).toEqual(['6\tconfirm\treader6@example.com\t6\t0\t2026-11-23T07:55:06.000Z\t', '5\tconfirm\treader5@example.com\t5\t1\t2026-11-23T10:05:00.000Z\tConnection refused']);
    await run('list', '--status', 'queued', '--limit', '4');
    expect(out.split('\n').slice(3, 5)).toEqual([
      '4\tconfirm\t(erased)\t999\t0\t2026-11-23T10:00:00.000Z\tgave up after 10 attempts: 421 try later',
      '3\tconfirm\treader3@example.com\t3\t0\t2026-11-23T10:00:00.000Z\taddress does not exist: 550 5.1.1 no such user',
    ]);
  });

  it('says when nothing is waiting', async () => {
    env = { DATABASE_URL: `file:${join(dir, 'empty.db')}` };
    await run('status');
    expect(out).toBe(`Mail outbox in ${join(dir, 'empty.db')}: 0 queued, 0 sending, 0 sent, 0 failed, 0 dropped\nNothing waiting to be delivered.\n`);
  });

  it('refuses bad command lines with exit code 2 and a message that says what to type', async () => {
    await expect(run()).rejects.toThrow(UsageError);
    await expect(run('purge')).rejects.toThrow('Unknown command "purge".');
    await expect(run('list', '--status', 'lost')).rejects.toThrow('--status must be one of queued, sending, sent, failed, dropped (got "lost")');
    await expect(run('list', '--limit', '0')).rejects.toThrow('--limit must be a whole number of 1 or more, e.g. --limit 20 (got "0")');
    await expect(run('retry', '--id', 'x')).rejects.toThrow('--id must be a whole number of 1 or more, e.g. --id 20 (got "x")');
    await expect(run('status', 'now')).rejects.toThrow('status takes no argument "now".');
    await expect(run('retry')).resolves.toBe(0);
    expect(await run('--help')).toBe(0);
    expect(out).toContain('Usage: npm run outbox -- <command>');
  });

  it('formats ages for people', () => {
    expect([5, 125, 7440, 90_000].map(formatAge)).toEqual(['5 s', '2 min', '2 h 4 min', '1 d 1 h']);
  });
});
