import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { LATEST_VERSION } from './migrations.ts';
import { openDatabase, openDatabaseForReading } from './open.ts';
import { splitStatements } from './migrate.ts';

describe.each(testEngines())('database module on %s', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    await t.db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, note TEXT NOT NULL, at TEXT)');
  });
  afterEach(() => t.cleanup());

  it('binds ? placeholders in order, including text that contains a question mark', async () => {
    await t.db.run("INSERT INTO probe (id, note) VALUES (?, 'why?')", [1]);
    await t.db.run('INSERT INTO probe (id, note) VALUES (?, ?)', [2, 'who?']);
    expect(await t.db.all('SELECT id, note FROM probe ORDER BY id')).toEqual([{ id: 1, note: 'why?' }, { id: 2, note: 'who?' }]);
  });

  it('stores a NUL in text as \\u{0} on both engines (PostgreSQL refuses U+0000), and finds it by the same value', async () => {
    await t.db.run('INSERT INTO probe (id, note) VALUES (?, ?)', [1, 'a\u0000b\u0000']);
    expect(await t.db.all('SELECT note FROM probe')).toEqual([{ note: 'a\\u{0}b\\u{0}' }]);
    expect(await t.db.get('SELECT id FROM probe WHERE note = ?', ['a\u0000b\u0000'])).toEqual({ id: 1 });
  });

  it('commits a transaction, and rolls it back completely when it throws', async () => {
    await t.db.transaction(async (tx) => {
      await tx.run('INSERT INTO probe (id, note) VALUES (?, ?)', [1, 'kept']);
    });
    await expect(
      t.db.transaction(async (tx) => {
        await tx.run('INSERT INTO probe (id, note) VALUES (?, ?)', [2, 'lost']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await t.db.all('SELECT note FROM probe')).map((r) => r['note'])).toEqual(['kept']);
  });

  it('keeps statements from outside out of an open transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = t.db.transaction(async (q) => {
      await q.run('INSERT INTO probe (id, note) VALUES (?, ?)', [1, 'in tx']);
      await gate;
      throw new Error('rolled back');
    });
    const outside = t.db.run('INSERT INTO probe (id, note) VALUES (?, ?)', [2, 'outside']);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect((await t.db.all('SELECT note FROM probe')).map((r) => r['note'])).toEqual(['outside']);
  });
});

describe('opening SQLite files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'totw-open-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder and the file for the owner only, and migrates', async () => {
    const path = join(dir, 'data', 'tips.db');
    const db = await openDatabase(`file:${path}`);
    await db.close();
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reading never creates or migrates a database', async () => {
    const path = join(dir, 'tips.db');
    expect(await openDatabaseForReading(`file:${path}`)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a database migrated by a newer version, saying what to do', async () => {
    const url = `file:${join(dir, 'tips.db')}`;
    const db = await openDatabase(url);
    await db.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [LATEST_VERSION + 1, new Date()]);
    await db.close();
    const message = `has schema version ${LATEST_VERSION + 1}, newer than this code understands (${LATEST_VERSION}). It was migrated by a newer version of Tip of the Week: update this checkout (git pull && npm ci) before using it. Nothing was changed.`;
    await expect(openDatabaseForReading(url)).rejects.toThrow(message);
    await expect(openDatabase(url)).rejects.toThrow(message);
  });
});

describe('splitStatements', () => {
  it('drops comments and empty statements', () => {
    expect(splitStatements('-- note\nCREATE TABLE a (x INT);\n\nCREATE INDEX b ON a (x);\n')).toEqual(['CREATE TABLE a (x INT)', 'CREATE INDEX b ON a (x)']);
  });
});

describe('SQLite busy timeout', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'totw-busy-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits 5000 ms for another writer unless told otherwise (SQLITE_BUSY_TIMEOUT_MS for the server)', async () => {
    const plain = await openDatabase(`file:${join(dir, 'a.db')}`);
    const short = await openDatabase(`file:${join(dir, 'b.db')}`, { sqliteBusyTimeoutMs: 100 });
    try {
      expect(await plain.get('PRAGMA busy_timeout')).toEqual({ timeout: 5000 });
      expect(await short.get('PRAGMA busy_timeout')).toEqual({ timeout: 100 });
    } finally {
      await plain.close();
      await short.close();
    }
  });
});
