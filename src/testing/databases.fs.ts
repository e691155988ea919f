/**
 * Fresh databases for tests, on every engine available here: SQLite always (a temp file),
 * PostgreSQL when the test run has a server (TOTW_TEST_POSTGRES_URL, set by the global setup
 * that starts a throwaway cluster). Repository tests use `describe.each(testEngines())`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Engine } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';

export function testEngines(): Engine[] {
  return process.env['TOTW_TEST_POSTGRES_URL'] ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase {
  engine: Engine;
  /** DATABASE_URL of the fresh database, for child processes. */
  url: string;
  /** An open, migrated connection for the test itself. */
  db: Database;
  cleanup: () => Promise<void>;
}

/** A new, empty, migrated database on `engine`. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'totw-db-'));
    const url = `file:${join(dir, 'tips.db')}`;
    const db = await openDatabase(url);
    return { engine, url, db, cleanup: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const server = process.env['TOTW_TEST_POSTGRES_URL'];
  if (!server) throw new Error('No PostgreSQL test server (TOTW_TEST_POSTGRES_URL is not set).');
  const name = `totw_test_${randomBytes(6).toString('hex')}`;
  const admin = await import('pg');
  const client = new admin.default.Client({ connectionString: server });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.href;
  const db = await openDatabase(url, { poolSize: 4 });
  return {
    engine,
    url,
    db,
    cleanup: async () => {
      await db.close();
      const c = new admin.default.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
