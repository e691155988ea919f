import { CliError } from '../cli/errors.ts';

/** A database that cannot be used as it is: unreachable, refused our login, or from a newer version. */
export class DatabaseError extends CliError {}

/** PostgreSQL SQLSTATE classes that refuse a statement for its values: 22 data exception, 23 integrity constraint. */
const POSTGRES_DATA_CLASSES = new Set(['22', '23']);
/** SQLite primary result codes for the same: SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH. */
const SQLITE_DATA_CODES = new Set([18, 19, 20]);

/**
 * Whether the database refused one statement for the values in it (text it cannot store, a broken
 * constraint), as opposed to being unusable (unreachable, locked, full, a bug in our SQL). The first is about
 * one record: a caller reading many can record that one as failed and go on. The second stops the run.
 */
export function refusedForItsData(error: unknown): boolean {
  if (error instanceof DatabaseError) return false;
  const e = error as { code?: unknown; errcode?: unknown };
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return POSTGRES_DATA_CLASSES.has(e.code.slice(0, 2));
  // node:sqlite: code ERR_SQLITE_ERROR, errcode the (possibly extended) SQLite result code.
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') return SQLITE_DATA_CODES.has(e.errcode & 0xff);
  return false;
}
