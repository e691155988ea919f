/**
 * Applying and reading the schema version. Commands that write migrate on open; commands
 * that only read never do, and every command refuses a database newer than its code.
 */
import type { Database, Queryable } from './database.ts';
import { LATEST_VERSION, MIGRATIONS } from './migrations.ts';
import { DatabaseError } from './errors.ts';

export interface SchemaStatus {
  /** Highest migration applied, 0 for an empty database. */
  current: number;
  latest: number;
  pending: { version: number; name: string }[];
}

async function appliedVersions(db: Database): Promise<number[]> {
  const table =
    db.engine === 'sqlite'
      ? await db.get(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
      : await db.get(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`);
  if (!table) return [];
  return (await db.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => Number(r.version));
}

export async function schemaStatus(db: Database): Promise<SchemaStatus> {
  const applied = new Set(await appliedVersions(db));
  return {
    current: Math.max(0, ...applied),
    latest: LATEST_VERSION,
    pending: MIGRATIONS.filter((m) => !applied.has(m.version)).map(({ version, name }) => ({ version, name })),
  };
}

/** Refuses a database written by a newer version of this software. */
export function assertNotNewer(status: SchemaStatus, where: string): void {
  if (status.current > status.latest) {
    throw new DatabaseError(
      `${where} has schema version ${status.current}, newer than this code understands (${status.latest}). ` +
        'It was migrated by a newer version of Tip of the Week: update this checkout (git pull && npm ci) before using it. Nothing was changed.',
    );
  }
}

/**
 * Any number for PostgreSQL's advisory lock that serialises migrations: the same in every process, and
 * used for nothing else. ("totw" in ASCII.)
 */
const MIGRATION_LOCK = 0x746f7477;

/**
 * Makes a transaction the only one migrating until it ends. Two servers or senders starting at once on
 * an empty PostgreSQL database would otherwise both create the same tables, and one fails ("duplicate key
 * value violates unique constraint pg_type_typname_nsp_index"; CREATE TABLE IF NOT EXISTS races too).
 * SQLite's transactions already take the write lock when they begin (BEGIN IMMEDIATE).
 */
async function lockMigrations(db: Database, tx: Queryable): Promise<void> {
  if (db.engine === 'postgres') await tx.get('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
}

/** Applies every pending migration, each in its own transaction; returns the versions applied. */
export async function migrate(db: Database, now: () => Date = () => new Date()): Promise<number[]> {
  await db.transaction(async (tx) => {
    await lockMigrations(db, tx);
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  });
  assertNotNewer(await schemaStatus(db), db.describe());
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await lockMigrations(db, tx);
      // Another process may have applied it since we looked (two servers starting at once).
      if (await tx.get('SELECT 1 FROM schema_migrations WHERE version = ?', [migration.version])) return false;
      for (const statement of splitStatements(migration.sql[db.engine])) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [migration.version, now().toISOString()]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** Migration text → single statements (ours never put a semicolon inside a string or trigger). */
export function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);
}
