import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createLedger } from './ledger.db.ts';
import type { Ledger } from './ledger.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(testEngines())('deliveries ledger on %s', (engine) => {
  let t: TestDatabase;
  let ledger: Ledger;
  const seed = async (count: number) => {
    const store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    await store.importConfirmed(Array.from({ length: count }, (_, i) => ({ email: `r${String(i).padStart(4, '0')}@example.com`, firstName: undefined })), 'test', T0);
    await store.signup({ email: 'pending@example.com', firstName: undefined, at: T0, ip: null, userAgent: null, form: 'x', consentText: 'x' });
    return ledger.plan(7, T0);
  };
  beforeEach(async () => {
    t = await freshDatabase(engine);
    ledger = createLedger(t.db);
  });
  afterEach(() => t.cleanup());

  it('plans one queued row per confirmed subscriber, once', async () => {
    expect(await seed(5)).toBe(5);
    expect(await ledger.plan(7, at(1))).toBe(0);
    expect(await ledger.counts(7)).toMatchObject({ queued: 5, sent: 0 });
  });

  it('hands out each queued row to one sender only, in subscriber order, and takes over expired leases', async () => {
    await seed(10);
    const a = await ledger.claimBatch(7, 'a', 4, at(60), at(0));
    const b = await ledger.claimBatch(7, 'b', 4, at(60), at(0));
    expect(a.map((d) => d.email)).toEqual(['r0000@example.com', 'r0001@example.com', 'r0002@example.com', 'r0003@example.com']);
    expect(b.map((d) => d.subscriberId)).toEqual(a.map((d) => d.subscriberId + 4));
    expect((await ledger.claimBatch(7, 'c', 10, at(600), at(1))).map((d) => d.email)).toEqual(['r0008@example.com', 'r0009@example.com']);
    expect(await ledger.claimBatch(7, 'c', 10, at(600), at(1))).toEqual([]);
    // a renews; b's lease runs out at 60 s and c takes its four rows over.
    expect(await ledger.renewLease(7, 'a', at(120))).toBe(4);
    const takeover = await ledger.claimBatch(7, 'c', 10, at(150), at(61));
    expect(takeover.map((d) => d.subscriberId)).toEqual(b.map((d) => d.subscriberId));
    // b comes back from a pause: its claim is gone, so it must not send.
    expect(await ledger.markSending(7, b[0]!.subscriberId, 'b', at(62))).toBeUndefined();
    expect(await ledger.markSending(7, b[0]!.subscriberId, 'c', at(62))).toBe(1);
  });

  it('marks several rows sending in one call, leaving out rows not held and subscribers who left', async () => {
    await seed(6);
    const mine = await ledger.claimBatch(7, 'a', 4, at(60), at(0));
    const theirs = await ledger.claimBatch(7, 'b', 2, at(60), at(0));
    const store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    await store.markBounced(mine[1]!.subscriberId, at(1));
    const ids = [...mine.map((d) => d.subscriberId), theirs[0]!.subscriberId];
    const marked = await ledger.markSendingMany(7, ids, 'a', at(2));
    expect([...marked]).toEqual([mine[0], mine[2], mine[3]].map((d) => [d!.subscriberId, 1]));
    expect(await ledger.counts(7)).toMatchObject({ queued: 3, sending: 3 });
    expect(await ledger.markSendingMany(7, ids, 'a', at(3))).toEqual(new Map());
  });

  it('lets concurrent claims on one database split the rows without overlap', async () => {
    await seed(300);
    const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => ledger.claimBatch(7, `s${i}`, 60, at(60), at(0))));
    const ids = batches.flat().map((d) => d.subscriberId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(300);
  });

  it('reports only dead senders\' in-flight rows as uncertain, never a live sender\'s', async () => {
    await seed(4);
    const [live] = await ledger.claimBatch(7, 'live', 1, at(60), at(0));
    const [dead] = await ledger.claimBatch(7, 'dead', 1, at(10), at(0));
    await ledger.markSending(7, live!.subscriberId, 'live', at(1));
    await ledger.markSending(7, dead!.subscriberId, 'dead', at(1));
    expect(await ledger.recoverInFlight(7, false, at(5))).toEqual({ inFlight: 0, requeued: 0 });
    expect((await ledger.activeSenders(7, 'me', at(5))).map((s) => [s.senderId, s.sending])).toEqual([['dead', 1], ['live', 1]]);
    expect(await ledger.recoverInFlight(7, false, at(11))).toEqual({ inFlight: 1, requeued: 0 });
    // A sender known dead: its in-flight row is recovered in the same millisecond its claims are expired.
    const [next] = await ledger.claimBatch(7, 'gone', 1, at(600), at(11));
    await ledger.markSending(7, next!.subscriberId, 'gone', at(11));
    await ledger.expireClaims(7, 'gone', at(12));
    expect(await ledger.recoverInFlight(7, false, at(12))).toEqual({ inFlight: 1, requeued: 0 });
    expect(await ledger.activeSenders(7, 'me', at(11))).toEqual([{ senderId: 'live', leaseUntil: at(60).toISOString(), queued: 0, sending: 1 }]);
    const uncertain = await t.db.all(`SELECT subscriber_id FROM deliveries WHERE status = 'uncertain' ORDER BY subscriber_id`);
    expect(uncertain.map((r) => Number(r['subscriber_id']))).toEqual([dead!.subscriberId, next!.subscriberId].sort((a, b) => a - b));
    // --retry-uncertain queues it again for anyone to claim.
    expect(await ledger.recoverInFlight(7, true, at(12))).toEqual({ inFlight: 0, requeued: 2 });
    expect((await ledger.claimBatch(7, 'next', 10, at(90), at(12))).map((d) => d.subscriberId)).toContain(dead!.subscriberId);
  });

  it('releases a stopping sender\'s queued rows and expires a dead one\'s lease at once', async () => {
    await seed(6);
    await ledger.claimBatch(7, 'a', 3, at(600), at(0));
    await ledger.claimBatch(7, 'b', 3, at(600), at(0));
    expect(await ledger.releaseClaims(7, 'a', at(1))).toBe(3);
    expect(await ledger.expireClaims(7, 'b', at(1))).toBe(3);
    // Everything is free in the very same millisecond.
    expect(await ledger.activeSenders(7, 'c', at(1))).toEqual([]);
    expect(await ledger.claimBatch(7, 'c', 10, at(600), at(1))).toHaveLength(6);
  });

  it('never renews a lease that was expired: the dead sender\'s in-flight row is left to be recovered as uncertain', async () => {
    await seed(3);
    const [inFlight, waiting] = await ledger.claimBatch(7, 'a', 2, at(60), at(0));
    await ledger.markSending(7, inFlight!.subscriberId, 'a', at(1));
    expect(await ledger.expireClaims(7, 'a', at(2))).toBe(2);
    // A renewal timer firing late (or a sender wrongly thought dead) must not bring the claim back.
    expect(await ledger.renewLease(7, 'a', at(120))).toBe(0);
    expect(await ledger.expireClaims(7, 'a', at(2))).toBe(0);
    expect(await ledger.activeSenders(7, 'b', at(2))).toEqual([]);
    expect(await ledger.recoverInFlight(7, false, at(2))).toEqual({ inFlight: 1, requeued: 0 });
    const claimed = await ledger.claimBatch(7, 'b', 10, at(60), at(2));
    expect(claimed.map((d) => d.subscriberId)).toEqual([waiting!.subscriberId, waiting!.subscriberId + 1]);
  });

  it('hands out a queued row without a lease even when its old holder put it back after the lease was expired', async () => {
    await seed(1);
    const [row] = await ledger.claimBatch(7, 'a', 1, at(60), at(0));
    await ledger.markSending(7, row!.subscriberId, 'a', at(1));
    await ledger.expireClaims(7, 'a', at(2));
    // 'a' was alive after all: a temporary failure puts the row back, still naming 'a', before anyone recovered it.
    await ledger.markQueued(7, row!.subscriberId, '421 4.3.0 try later', at(2));
    expect(await ledger.renewLease(7, 'a', at(120))).toBe(0);
    expect((await ledger.claimBatch(7, 'b', 10, at(60), at(3))).map((d) => d.subscriberId)).toEqual([row!.subscriberId]);
    expect(await ledger.markSending(7, row!.subscriberId, 'a', at(4))).toBeUndefined();
  });

  it('records a run complete only when nothing is queued or in flight', async () => {
    await seed(2);
    await ledger.startRun(7, T0);
    const [first, second] = await ledger.claimBatch(7, 'a', 2, at(60), at(0));
    await ledger.markSending(7, first!.subscriberId, 'a', at(1));
    await ledger.markSent(7, [{ subscriberId: first!.subscriberId, messageId: '<m1@x>', response: '250 ok' }], at(1));
    expect(await ledger.finishRun(7, at(2))).toBe('stopped');
    expect(await ledger.isComplete(7)).toBe(false);
    await ledger.markFinal(7, second!.subscriberId, 'bounced', '550 5.1.1', at(3));
    expect(await ledger.finishRun(7, at(4))).toBe('complete');
    expect(await ledger.completedIssues()).toEqual([7]);
    expect(await ledger.counts(7)).toMatchObject({ sent: 1, bounced: 1, queued: 0 });
  });
});
