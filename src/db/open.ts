/**
 * The only way the rest of the code gets a database: by DATABASE_URL. Writers migrate on
 * open; readers never do, and get `undefined` when a SQLite file does not exist yet.
 */
import { existsSync } from 'node:fs';
import type { Database } from './database.ts';
import { assertNotNewer, migrate, schemaStatus } from './migrate.ts';
import { openSqlite } from './sqlite.ts';
import { parseDatabaseUrl } from './url.ts';

export interface OpenOptions {
  /** PostgreSQL connections per process (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** SQLite's busy timeout in milliseconds (SQLITE_BUSY_TIMEOUT_MS for the server); 5000 unless given. */
  sqliteBusyTimeoutMs?: number;
  /** Told which migrations opening applied (for `npm run db -- migrate`). */
  onMigrated?: (versions: number[]) => void;
}

async function connect(url: string, readOnly: boolean, options: OpenOptions): Promise<Database> {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'sqlite') return openSqlite(location.path, { readOnly, ...(options.sqliteBusyTimeoutMs !== undefined ? { busyTimeoutMs: options.sqliteBusyTimeoutMs } : {}) });
  const { openPostgres } = await import('./postgres.ts');
  return openPostgres(location.url, options);
}

/** Opens the database for writing and brings its schema up to date. */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const db = await connect(url, false, options);
  try {
    const applied = await migrate(db);
    options.onMigrated?.(applied);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Opens the database to read, never changing it; undefined when there is no SQLite file yet. */
export async function openDatabaseForReading(url: string, options: OpenOptions = {}): Promise<Database | undefined> {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'sqlite' && (location.path === ':memory:' || !existsSync(location.path))) return undefined;
  const db = await connect(url, true, options);
  try {
    assertNotNewer(await schemaStatus(db), db.describe());
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
