/**
 * The SQLite engine on Node's built-in node:sqlite: one file, WAL mode, no server.
 * node:sqlite is synchronous; statements run at once unless a transaction of this process
 * is open, in which case they wait for it, so a transaction never sees another caller's
 * statements inside it.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { Database, Queryable, Row, SqlValue } from './database.ts';
import { storable } from './text.ts';

export interface SqliteOptions {
  /** Open without write access (for commands that only read, such as `npm run check`). */
  readOnly?: boolean;
  /** How long a statement waits for another process's write lock before "database is locked" (SQLITE_BUSY_TIMEOUT_MS for the server). */
  busyTimeoutMs?: number;
}

/** SQLite's busy timeout unless given: long enough for another process's short transactions. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

const toSqlite = (value: SqlValue): SQLInputValue => {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return storable(value) as SQLInputValue;
};

/** Creates an empty file only the owner can read; another process creating it first is fine. */
function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

export function openSqlite(path: string, { readOnly = false, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS }: SqliteOptions = {}): Database {
  if (path !== ':memory:' && !readOnly) {
    // Subscriber data: the folder and the file are the owner's alone.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    createPrivateFile(path);
  }
  const db = new DatabaseSync(path, { readOnly });
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}; PRAGMA foreign_keys = ON;`);
  if (!readOnly) db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;');

  const statements = new Map<string, StatementSync>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const direct: Queryable = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => statement(sql).all(...params.map(toSqlite)) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => statement(sql).get(...params.map(toSqlite)) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: Number(statement(sql).run(...params.map(toSqlite)).changes) }),
  };

  /**
   * The open transaction of this process, if any: everything else waits for it. The check
   * and the work that follows it must run without an await in between, or a transaction
   * could start in the gap.
   */
  let busy: Promise<unknown> | undefined;
  const outside = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      while (busy) await busy.catch(() => undefined);
      return fn(...args);
    };

  return {
    engine: 'sqlite',
    all: outside(direct.all) as Queryable['all'],
    get: outside(direct.get) as Queryable['get'],
    run: outside(direct.run),
    async transaction(fn) {
      while (busy) await busy.catch(() => undefined);
      const work = (async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.isTransaction) db.exec('ROLLBACK');
          throw error;
        }
      })();
      busy = work;
      try {
        return await work;
      } finally {
        if (busy === work) busy = undefined;
      }
    },
    exec: outside(async (sql: string) => void db.exec(sql)),
    describe: () => path,
    close: async () => {
      while (busy) await busy.catch(() => undefined);
      if (db.isOpen) db.close();
    },
  };
}

export type { Row };
