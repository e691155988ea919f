/**
 * Fresh databases for tests, on every engine available here: SQLite always (a temp file),
 * PostgreSQL when the test run has a server (TOTW_TEST_POSTGRES_URL, set by the global setup
 * that starts a throwaway cluster). Repository tests use `describe.each(testEngines())`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, Engine } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { MIGRATIONS } from '../db/migrations.ts';

/**
 * The template for the migrations as this checkout has them: an edited migration (in watch mode, where
 * the global setup does not run again) names another template, so tests migrate from empty instead.
 */
const MIGRATED_TEMPLATE = `totw_migrated_${createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12)}`;

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

/** DATABASE_URL of a new database that nothing has opened or migrated yet, and how to remove it. */
export function emptyDatabase(engine: Engine): Promise<{ url: string; cleanup: () => Promise<void> }> {
  return newDatabase(engine, 'empty');
}

/**
 * A new database, `empty` or a copy of the run's `migrated` template on PostgreSQL (made by the global
 * setup; without it, as in a run that brings its own server or after a migration was edited, the
 * database starts empty and is migrated when opened). Copying saves each test the migrations: about 25 ms of the 90 ms a fresh database took.
 */
async function newDatabase(engine: Engine, from: 'empty' | 'migrated'): Promise<{ url: string; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'totw-db-'));
    return { url: `file:${join(dir, 'tips.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env['TOTW_TEST_POSTGRES_URL'];
  if (!server) throw new Error('No PostgreSQL test server (TOTW_TEST_POSTGRES_URL is not set).');
  const name = `totw_test_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  const fromTemplate = from === 'migrated' && process.env['TOTW_TEST_POSTGRES_TEMPLATE'] === MIGRATED_TEMPLATE;
  await admin(`CREATE DATABASE ${name}${fromTemplate ? ` TEMPLATE ${MIGRATED_TEMPLATE}` : ''}`);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return { url: u.href, cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * For the global setup: creates the run's template database on the server at `serverUrl` and applies
 * every migration to it; returns its name (TOTW_TEST_POSTGRES_TEMPLATE). Nothing stays connected to it,
 * as PostgreSQL's CREATE DATABASE … TEMPLATE requires.
 */
export async function createMigratedTemplate(serverUrl: string): Promise<string> {
  const name = MIGRATED_TEMPLATE;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await (await openDatabase(url.href)).close();
  } catch (error) {
    throw new Error(`The migrations failed on the test run's PostgreSQL (template database ${name}): ${(error as Error).message}. Fix the migration in src/db/migrations.ts.`, { cause: error });
  }
  return name;
}

/** A new, empty, migrated database on `engine`. */
export async function freshDatabase(engine: Engine): Promise<TestDatabase> {
  const empty = await newDatabase(engine, 'migrated');
  const db = await openDatabase(empty.url, engine === 'postgres' ? { poolSize: 4 } : {});
  return {
    engine,
    url: empty.url,
    db,
    cleanup: async () => {
      await db.close();
      await empty.cleanup();
    },
  };
}
