/**
 * The one interface every repository (subscribers, deliveries, mail outbox) talks to.
 * Two engines implement it: SQLite (node:sqlite, the default: one file, no server) and
 * PostgreSQL (several servers and senders sharing one database). SQL is written once with
 * `?` placeholders; an engine-specific line is rare and branches on `engine`.
 */

export type Engine = 'sqlite' | 'postgres';

/** A value bound to a `?` placeholder. Dates are stored as UTC instants (ISO text on SQLite). */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** A row as it comes back: integers as numbers, timestamps as ISO 8601 strings on both engines. */
export type Row = Record<string, string | number | null>;

/** Statements that can run on the database or inside a transaction. */
export interface Queryable {
  /** Every row of a query. */
  all: <T = Row>(sql: string, params?: readonly SqlValue[]) => Promise<T[]>;
  /** The first row of a query, if any. */
  get: <T = Row>(sql: string, params?: readonly SqlValue[]) => Promise<T | undefined>;
  /** A statement without rows; `changes` is the number of rows it inserted, updated or deleted. */
  run: (sql: string, params?: readonly SqlValue[]) => Promise<{ changes: number }>;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction and commits, or rolls back if it throws. On SQLite the
   * transaction takes the write lock at once (BEGIN IMMEDIATE) and other statements of this
   * process wait for it; keep `fn` to database work, never network I/O.
   */
  transaction: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;
  /** Several statements at once, without parameters (migrations). */
  exec: (sql: string) => Promise<void>;
  /** Where the data lives, for logs, without credentials: "data/tips.db" or "postgres://db.example.com/tips". */
  describe: () => string;
  close: () => Promise<void>;
}
