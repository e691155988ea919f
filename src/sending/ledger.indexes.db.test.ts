/**
 * Which index each ledger query uses, asked of the engine itself (EXPLAIN QUERY PLAN on SQLite,
 * EXPLAIN on PostgreSQL) for the very statements the ledger runs, recorded as it runs them.
 * The claims index covers leased rows only (migration 7): a query by holder that does not
 * imply `lease_until IS NOT NULL` silently falls back to scanning every queued row of the issue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, SqlValue } from '../db/database.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createLedger } from './ledger.db.ts';
import type { Ledger } from './ledger.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

/** The database, remembering the last statement run through it. */
function recording(db: Database): { db: Database; last: () => Statement } {
  let last: Statement | undefined;
  const keep =
    <R>(fn: (sql: string, params?: readonly SqlValue[]) => Promise<R>) =>
    (sql: string, params: readonly SqlValue[] = []) => {
      last = { sql, params };
      return fn(sql, params);
    };
  return {
    db: { ...db, all: keep(db.all) as Database['all'], get: keep(db.get) as Database['get'], run: keep(db.run) },
    last: () => last!,
  };
}

async function explain(db: Database, { sql, params }: Statement): Promise<string> {
  if (db.engine === 'sqlite') return (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('\n');
  return (await db.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
}

describe.each(testEngines())('ledger query plans on %s', (engine) => {
  let t: TestDatabase;
  let ledger: Ledger;
  let last: () => Statement;
  const planOfLast = () => explain(t.db, last());

  beforeEach(async () => {
    t = await freshDatabase(engine);
    const recorded = recording(t.db);
    ledger = createLedger(recorded.db);
    last = recorded.last;
    // Mid-send: half the issue sent, two senders holding a batch each, one message in flight.
    const store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    await store.importConfirmed(Array.from({ length: 2000 }, (_, i) => ({ email: `r${i}@example.com`, firstName: undefined })), 'test', T0);
    await ledger.plan(7, T0);
    const done = await ledger.claimBatch(7, 'old', 1000, at(60), at(0));
    await ledger.markSent(7, done.map((d) => ({ subscriberId: d.subscriberId, messageId: `<${d.subscriberId}@x>`, response: '250 ok' })), at(1));
    const [first] = await ledger.claimBatch(7, 'a', 100, at(60), at(1));
    await ledger.claimBatch(7, 'b', 100, at(60), at(1));
    await ledger.markSending(7, first!.subscriberId, 'a', at(2));
    if (engine === 'postgres') await t.db.exec('ANALYZE deliveries');
  });
  afterEach(() => t.cleanup());

  it('claims through deliveries_status, in subscriber order', async () => {
    expect(await ledger.claimBatch(7, 'c', 100, at(60), at(3))).toHaveLength(100);
    expect(await planOfLast()).toContain('deliveries_status');
  });

  it('finds a sender\'s claims through the partial claims index', async () => {
    expect(await ledger.renewLease(7, 'a', at(90))).toBe(100);
    expect(await planOfLast()).toContain('deliveries_claims');
    expect((await ledger.activeSenders(7, 'c', at(3))).map((s) => s.senderId)).toEqual(['a', 'b']);
    expect(await planOfLast()).toContain('deliveries_claims');
    expect(await ledger.releaseClaims(7, 'b', at(3))).toBe(100);
    expect(await planOfLast()).toContain('deliveries_claims');
    expect(await ledger.expireClaims(7, 'a', at(3))).toBe(100);
    expect(await planOfLast()).toContain('deliveries_claims');
  });
});
