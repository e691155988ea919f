import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger } from '../sending/ledger.db.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { main } from './cli.ts';
import type { Database } from './database.ts';
import { splitStatements } from './migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';
import { dataTables } from './tables.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const run = async (argv: string[], env: Record<string, string> = {}) => {
  let out = '';
  const code = await main(argv, env, { out: (t) => void (out += t) });
  return { code, out };
};

/** A publication with a row in every table: subscribers in each state, a suppression, a send in progress. */
async function populate(db: Database) {
  const store = createSubscriberStore(db, { suppressionKey: TEST_SUPPRESSION_KEY });
  const at = new Date('2026-11-20T08:00:00Z');
  await store.importConfirmed(Array.from({ length: 1234 }, (_, i) => ({ email: `r${i}@example.com`, firstName: i % 3 ? `Name ${i}` : undefined })), 'import', at);
  const pending = await store.signup({ email: 'pending@example.com', firstName: 'Pé', at, ip: '203.0.113.1', userAgent: 'UA "quoted"', form: 'subscribe-page', consentText: "Tips, weekly; it's free" });
  if (pending.kind !== 'pending') throw new Error('expected pending');
  await store.unsubscribe((await store.byEmail('r1@example.com'))!.id, at);
  await store.markBounced((await store.byEmail('r2@example.com'))!.id, at);
  await store.erase('r3@example.com', at);
  const ledger = createLedger(db);
  await ledger.startRun(7, at);
  await ledger.plan(7, at);
  const batch = await ledger.claimBatch(7, 'host:1:abc', 10, new Date('2026-11-20T08:01:00Z'), at);
  await ledger.markSending(7, batch[0]!.subscriberId, 'host:1:abc', at);
  await ledger.markSent(7, [{ subscriberId: batch[0]!.subscriberId, messageId: '<m@x>', response: '250 2.0.0 OK' }], at);
  await ledger.markFinal(7, batch[1]!.subscriberId, 'bounced', '550 5.1.1 unknown', at);
}

async function snapshot(db: Database) {
  const tables: Record<string, unknown[]> = {};
  for (const t of await dataTables(db, db.engine)) {
    tables[t.name] = await db.all(`SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.name}" ORDER BY ${(t.primaryKey.length ? t.primaryKey : t.columns).map((c) => `"${c}"`).join(', ')}`);
  }
  return tables;
}

describe.each(testEngines())('npm run db -- copy from SQLite to %s', (engine) => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeEach(async () => {
    source = await freshDatabase('sqlite');
    target = await freshDatabase(engine);
  });
  afterEach(async () => {
    await source.cleanup();
    await target.cleanup();
  });

  it('copies every table row by row, keeps ids, and new ids continue after the copied ones', async () => {
    await populate(source.db);
    const before = await snapshot(source.db);
    expect(Object.keys(before).sort()).toEqual(['deliveries', 'feedback_events', 'mail_outbox', 'pick_clicks', 'sends', 'subscribers', 'suppressions']);
    await source.db.close();
    const result = await run(['copy', '--from', source.url, '--to', target.url]);
    expect(result.code).toBe(0);
    // 1,235 signed up, one erased (its row gone, its hash kept); 1,231 confirmed ones planned.
    expect(result.out).toContain(`Copied ${1234 + 1231 + 1 + 1} rows from`);
    expect(result.out).toContain('  subscribers: 1234\n');
    const after = await snapshot(target.db);
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
    const fresh = await createSubscriberStore(target.db, { suppressionKey: TEST_SUPPRESSION_KEY }).signup({ email: 'new@example.com', firstName: undefined, at: new Date(), ip: null, userAgent: null, form: 'x', consentText: 'x' });
    expect(fresh.kind === 'pending' && fresh.subscriber.id).toBe(1236);
  });

  it('copies text that holds a NUL (written by SQLite before it was escaped), escaped, and says so', async () => {
    await populate(source.db);
    const path = source.url.slice('file:'.length);
    await source.db.close();
    // As an older version left it: written straight into the file, NUL and all.
    const raw = new DatabaseSync(path);
    raw.prepare(`UPDATE deliveries SET last_response = ? WHERE status = 'bounced'`).run('550 5.1.1 no\u0000such user');
    raw.close();
    const result = await run(['copy', '--from', source.url, '--to', target.url]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('\n1 text value(s) held a NUL character, which PostgreSQL cannot store; each NUL was written as \\u{0}, as both engines now store it.\n');
    expect(await target.db.all(`SELECT last_response FROM deliveries WHERE status = 'bounced'`)).toEqual([{ last_response: '550 5.1.1 no\\u{0}such user' }]);
  });

  it('refuses a target that holds data unless --force, and then replaces it', async () => {
    await populate(source.db);
    await createSubscriberStore(target.db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed([{ email: 'other@example.com', firstName: undefined }], 'x', new Date());
    await expect(run(['copy', '--from', source.url, '--to', target.url])).rejects.toThrow(
      `already holds data (subscribers: 1 rows). Copying into it would mix two databases. Use an empty database, or add --force to replace everything in it. Nothing was copied.`,
    );
    expect(Number((await target.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM subscribers'))?.n)).toBe(1);
    expect((await run(['copy', '--from', source.url, '--to', target.url, '--force'])).code).toBe(0);
    expect(await createSubscriberStore(target.db, { suppressionKey: TEST_SUPPRESSION_KEY }).byEmail('other@example.com')).toBeUndefined();
    expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
  });

  it('and back again: a copy from the target into a new SQLite file equals the original', async () => {
    await populate(source.db);
    await run(['copy', '--from', source.url, '--to', target.url]);
    const back = await freshDatabase('sqlite');
    try {
      expect((await run(['copy', '--from', target.url, '--to', back.url])).code).toBe(0);
      expect(await snapshot(back.db)).toEqual(await snapshot(source.db));
    } finally {
      await back.cleanup();
    }
  });

  it('migrate and status report the schema version', async () => {
    expect((await run(['status'], { DATABASE_URL: target.url })).out).toMatch(new RegExp(`\\((SQLite|PostgreSQL)\\): schema version ${LATEST_VERSION} of ${LATEST_VERSION}, up to date\\.\\n$`));
    expect((await run(['migrate'], { DATABASE_URL: target.url })).out).toMatch(new RegExp(`schema version ${LATEST_VERSION}, already up to date\\.\\n$`));
  });

  it('migration 7 makes the claims index partial on a database at version 6, with a send under way', async () => {
    await populate(target.db);
    // Back to version 6: the claims index as migration 3 made it.
    const v3Index = splitStatements(MIGRATIONS.find((m) => m.version === 3)!.sql[engine]).find((s) => s.startsWith('CREATE INDEX deliveries_claims'))!;
    await target.db.exec(`DROP INDEX deliveries_claims; ${v3Index}`);
    await target.db.run('DELETE FROM schema_migrations WHERE version >= 7');
    // What migrations 9 and 10 added goes too, so they can run again (their ADD COLUMNs are not repeatable).
    await target.db.exec(`${['paused_until', 'pending_email', 'pending_email_at', 'previous_email', 'email_changed_at'].map((c) => `ALTER TABLE subscribers DROP COLUMN ${c};`).join(' ')} DROP TABLE pick_clicks;`);
    const later = MIGRATIONS.filter((m) => m.version >= 7);
    expect((await run(['status'], { DATABASE_URL: target.url })).out).toContain(
      `: schema version 6 of ${LATEST_VERSION}. Pending:\n${later.map((m) => `  ${m.version}. ${m.name}\n`).join('')}Run \`npm run db -- migrate\` to apply them.\n`,
    );
    expect((await run(['migrate'], { DATABASE_URL: target.url })).out).toMatch(new RegExp(`: applied migration\\(s\\) ${later.map((m) => m.version).join(', ')}; schema version ${LATEST_VERSION}, up to date\\.\\n$`));
    const definition =
      engine === 'sqlite'
        ? (await target.db.get<{ sql: string }>(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'deliveries_claims'`))!.sql
        : (await target.db.get<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'deliveries_claims'`))!.indexdef;
    expect(definition.replace(/public\.| USING btree|[()]/g, '')).toBe('CREATE INDEX deliveries_claims ON deliveries issue, claimed_by WHERE lease_until IS NOT NULL');
    // The batch claimed before the migration: one sent, one bounced (no lease left), eight still held.
    expect(await createLedger(target.db).renewLease(7, 'host:1:abc', new Date('2026-11-20T08:02:00Z'))).toBe(8);
  });
});

describe('npm run db', () => {
  it('migrates a new SQLite file, and says when there is nothing to read or copy', async () => {
    const t = await freshDatabase('sqlite');
    await t.cleanup();
    const url = t.url;
    try {
      expect((await run(['status'], { DATABASE_URL: url })).out).toBe(`No database yet at ${url.slice(5)}: \`npm run db -- migrate\` creates it (so do the server and the send command).\n`);
      await expect(run(['copy', '--from', url, '--to', 'file::memory:'])).rejects.toThrow(`There is no database at ${url}: check --from. Nothing was copied.`);
      expect((await run(['migrate'], { DATABASE_URL: url })).out).toBe(`${url.slice(5)} (SQLite): applied migration(s) ${MIGRATIONS.map((m) => m.version).join(', ')}; schema version ${LATEST_VERSION}, up to date.\n`);
      await expect(run(['copy', '--from', url])).rejects.toThrow('copy needs --from <url> and --to <url>.');
      await expect(run(['vacuum'])).rejects.toThrow('Unknown command "vacuum".');
    } finally {
      // migrate created the database again, in the folder cleanup() had removed.
      rmSync(dirname(url.slice(5)), { recursive: true, force: true });
    }
  });
});
