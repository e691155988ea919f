/** The outbox repository on every engine available here (SQLite always, PostgreSQL with TOTW_TEST_POSTGRES_URL). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createOutbox } from './outbox.db.ts';
import type { Outbox } from './outbox.ts';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const MINUTE = 60_000;

describe.each(testEngines())('mail outbox on %s', (engine) => {
  let test: TestDatabase;
  let db: Database;
  let outbox: Outbox;
  beforeEach(async () => {
    test = await freshDatabase(engine);
    db = test.db;
    outbox = createOutbox(db);
  });
  afterEach(async () => test.cleanup());

  const enqueue = (subscriberId: number, when = T0, kind: 'confirm' | 'welcome' = 'confirm', cooldownMs?: number) =>
    db.transaction((tx) => outbox.enqueue(tx, kind, subscriberId, when, cooldownMs));

  it('queues one row per kind and subscriber within the cooldown, and again after it', async () => {
    expect(await enqueue(1, T0, 'confirm', 10 * MINUTE)).toBe(true);
    expect(await enqueue(1, at(60), 'confirm', 10 * MINUTE)).toBe(false);
    expect(await enqueue(1, at(60), 'welcome', 10 * MINUTE)).toBe(true);
    expect(await enqueue(2, at(60), 'confirm', 10 * MINUTE)).toBe(true);
    expect(await enqueue(1, at(601), 'confirm', 10 * MINUTE)).toBe(true);
    // Without a cooldown every call queues.
    expect(await enqueue(1, at(602))).toBe(true);
    expect(await outbox.counts()).toEqual({ queued: 5, sending: 0, sent: 0, failed: 0, dropped: 0 });
  });

  it('rolls the row back with the transaction that queued it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await outbox.enqueue(tx, 'confirm', 1, T0);
        throw new Error('the sign-up failed');
      }),
    ).rejects.toThrow('the sign-up failed');
    expect((await outbox.backlog(T0)).pending).toBe(0);
  });

  it('claims due rows in order, counts the attempt, and leaves rows that are not due', async () => {
    await enqueue(1);
    await enqueue(2);
    await enqueue(3, at(30));
    const claimed = await outbox.claim('w1', 10, at(5), at(35));
    expect(claimed.map((r) => [r.subscriberId, r.status, r.attempts, r.kind])).toEqual([
      [1, 'sending', 1, 'confirm'],
      [2, 'sending', 1, 'confirm'],
    ]);
    expect(claimed[0]!.createdAt).toBe(T0.toISOString());
    // Held by w1's lease: nobody else gets them before it ends, and row 3 is not due yet.
    expect(await outbox.claim('w2', 10, at(20), at(50))).toEqual([]);
    expect((await outbox.claim('w2', 10, at(30), at(60))).map((r) => r.subscriberId)).toEqual([3]);
  });

  it('respects the batch size', async () => {
    for (let i = 1; i <= 5; i++) await enqueue(i);
    expect((await outbox.claim('w', 2, T0, at(30))).map((r) => r.subscriberId)).toEqual([1, 2]);
    expect((await outbox.claim('w', 2, T0, at(30))).map((r) => r.subscriberId)).toEqual([3, 4]);
    expect((await outbox.claim('w', 2, T0, at(30))).map((r) => r.subscriberId)).toEqual([5]);
  });

  it('lets another worker take a row whose lease ran out (a crashed process), counting a second attempt', async () => {
    await enqueue(1);
    const [first] = await outbox.claim('crashed', 10, T0, at(30));
    expect(await outbox.claim('w2', 10, at(29), at(59))).toEqual([]);
    const [taken] = await outbox.claim('w2', 10, at(31), at(61));
    expect(taken).toMatchObject({ id: first!.id, status: 'sending', attempts: 2 });
    await outbox.markSent(taken!.id, '<m@x>', at(32));
    expect(await outbox.claim('w3', 10, at(120), at(150))).toEqual([]);
    expect(await outbox.counts()).toMatchObject({ sent: 1, sending: 0 });
  });

  it('renews a claim only for the worker that still holds it', async () => {
    await enqueue(1);
    const [row] = await outbox.claim('w1', 10, T0, at(30));
    expect(await outbox.renew(row!.id, 'w1', at(60), at(20))).toBe(true);
    // Renewed: not due for anyone at 45 s, though the first claim ended at 30 s.
    expect(await outbox.claim('w2', 10, at(45), at(75))).toEqual([]);
    expect(await outbox.renew(row!.id, 'w2', at(90), at(45))).toBe(false);
    const [taken] = await outbox.claim('w2', 10, at(61), at(91));
    expect(taken?.id).toBe(row!.id);
    expect(await outbox.renew(row!.id, 'w1', at(120), at(62))).toBe(false);
    await outbox.markSent(row!.id, '<m@x>', at(63));
    expect(await outbox.renew(row!.id, 'w2', at(120), at(64))).toBe(false);
  });

  // PostgreSQL: two pools, real concurrency (SKIP LOCKED). SQLite: one connection per process
  // (node:sqlite is synchronous, so a second connection in this process would wait on the
  // first's lock while blocking the thread that holds it); several processes are covered by
  // the two-server test in outbox.server.test.ts.
  it('never hands one row to two concurrent claimers', async () => {
    for (let i = 1; i <= 60; i++) await enqueue(i);
    const other = engine === 'postgres' ? await openDatabase(test.url, { poolSize: 4 }) : db;
    try {
      const outboxes = [outbox, createOutbox(other), outbox, createOutbox(other)];
      const seen: number[] = [];
      for (;;) {
        const rounds = await Promise.all(outboxes.map((o, i) => o.claim(`w${i}`, 7, T0, at(30))));
        const ids = rounds.flat().map((r) => r.id);
        if (ids.length === 0) break;
        seen.push(...ids);
      }
      expect(seen).toHaveLength(60);
      expect(new Set(seen).size).toBe(60);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('markRetry puts the row back with the error and the next attempt time; markFinal records the reason', async () => {
    await enqueue(1);
    await enqueue(2);
    await enqueue(3);
    const [a, b, c] = await outbox.claim('w', 10, T0, at(30));
    await outbox.markRetry(a!.id, '421 4.3.0\n  try   later', at(60), at(1));
    await outbox.markFinal(b!.id, 'failed', '550 5.1.1 no such user', at(1));
    await outbox.markFinal(c!.id, 'dropped', 'subscriber was erased', at(1));
    expect(await outbox.claim('w', 10, at(59), at(89))).toEqual([]);
    const [again] = await outbox.claim('w', 10, at(60), at(90));
    expect(again).toMatchObject({ id: a!.id, attempts: 2, lastError: '421 4.3.0 try later', nextAttemptAt: at(60).toISOString() });
    expect(await outbox.list('failed', 10)).toEqual([expect.objectContaining({ id: b!.id, subscriberId: 2, lastError: '550 5.1.1 no such user', attempts: 1 })]);
    expect(await outbox.list('dropped', 10)).toEqual([expect.objectContaining({ id: c!.id, lastError: 'subscriber was erased' })]);
    // A failed or dropped row is never claimed again on its own.
    await outbox.markSent(again!.id, '<a@x>', at(61));
    expect(await outbox.claim('w', 10, at(10_000), at(10_030))).toEqual([]);
    expect(await outbox.list('sent', 10)).toEqual([expect.objectContaining({ id: a!.id, sentAt: at(61).toISOString(), lastError: null })]);
  });

  it('retryFailed re-queues failed rows (all, or one by id) with a fresh attempt count, and nothing else', async () => {
    for (let i = 1; i <= 3; i++) await enqueue(i);
    const rows = await outbox.claim('w', 10, T0, at(30));
    for (const row of rows) await outbox.markFinal(row.id, 'failed', 'gave up', at(1));
    await enqueue(4);
    const [dropped] = await outbox.claim('w', 10, at(2), at(32));
    await outbox.markFinal(dropped!.id, 'dropped', 'not pending', at(2));

    expect(await outbox.retryFailed(at(100), rows[1]!.id)).toBe(1);
    expect(await outbox.retryFailed(at(100), dropped!.id)).toBe(0);
    expect(await outbox.retryFailed(at(100), 999_999)).toBe(0);
    expect(await outbox.counts()).toEqual({ queued: 1, sending: 0, sent: 0, failed: 2, dropped: 1 });
    expect(await outbox.retryFailed(at(200))).toBe(2);
    const again = await outbox.claim('w', 10, at(200), at(230));
    expect(again.map((r) => [r.subscriberId, r.attempts])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
  });

  it('reports the backlog (queued and sending) and the age of its oldest row', async () => {
    expect(await outbox.backlog(T0)).toEqual({ pending: 0, oldestSeconds: null });
    await enqueue(1, T0);
    await enqueue(2, at(40));
    await enqueue(3, at(50));
    await outbox.claim('w', 1, at(60), at(600));
    expect(await outbox.backlog(at(100))).toEqual({ pending: 3, oldestSeconds: 100 });
    const [row] = await outbox.claim('w', 1, at(100), at(130));
    await outbox.markSent(row!.id, '<x@y>', at(101));
    expect(await outbox.backlog(at(100))).toEqual({ pending: 2, oldestSeconds: 100 });
  });
});
