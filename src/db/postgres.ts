/**
 * The PostgreSQL engine (node-postgres): a connection pool per process, every statement
 * parameterized. SQL arrives with `?` placeholders and is numbered ($1, $2…) here.
 */
import pg from 'pg';
import type { Database, Queryable, SqlValue } from './database.ts';
import { DatabaseError } from './errors.ts';
import { storable } from './text.ts';
import { redactDatabaseUrl } from './url.ts';

// Rows come back as on SQLite: bigints as numbers (ids stay far below 2^53), instants as ISO strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());

/** `?` → `$n`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

const cache = new Map<string, string>();
const numbered = (sql: string) => {
  let text = cache.get(sql);
  if (text === undefined) {
    text = numberPlaceholders(sql);
    cache.set(sql, text);
  }
  return text;
};

/** What went wrong with the server, said for the person running the command. */
export function explainPostgresError(error: unknown, where: string): Error {
  const e = error as { code?: string; message?: string };
  const because =
    e.code === 'ECONNREFUSED' ? 'connection refused (is PostgreSQL running, and on that port?)'
    : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' ? 'the host name does not resolve'
    : e.code === 'ETIMEDOUT' ? 'the connection timed out'
    : e.code === '28P01' || e.code === '28000' ? 'the server refused the user name or password'
    : e.code === '3D000' ? 'that database does not exist (create it with createdb)'
    : e.code === '57P01' || e.code === '57P03' ? 'the server is shutting down or starting up'
    : e.code === 'ECONNRESET' || e.code === '08006' || connectionLost(error) ? 'the connection to the server was lost (did it stop or restart?)'
    : undefined;
  if (!because) return error as Error;
  return new DatabaseError(`Cannot use the PostgreSQL database ${where}: ${because}. Check DATABASE_URL and the server, then run the command again.`);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', '28P01', '28000', '3D000', '57P01', '57P03', '08006', '08001']);
/** node-postgres reports a server that vanished mid-query without a code, only by this message. */
const connectionLost = (error: unknown) => /^Connection terminated/.test((error as { message?: string }).message ?? '');
const isConnectionError = (error: unknown) => CONNECTION_CODES.has((error as { code?: string }).code ?? '') || connectionLost(error);

export interface PostgresOptions {
  /** Connections in this process's pool (DATABASE_POOL_SIZE). */
  poolSize?: number | undefined;
}

export async function openPostgres(url: string, { poolSize = 10 }: PostgresOptions = {}): Promise<Database> {
  const where = redactDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const wrap = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw isConnectionError(error) ? explainPostgresError(error, where) : error;
    }
  };
  // Text with a NUL is written escaped (text.ts): PostgreSQL cannot store U+0000.
  const bind = (params: readonly SqlValue[]) => params.map(storable);
  const on = (client: pg.Pool | pg.PoolClient): Queryable => ({
    all: <T>(sql: string, params: readonly SqlValue[] = []) => wrap(async () => (await client.query(numbered(sql), bind(params))).rows as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => wrap(async () => (await client.query(numbered(sql), bind(params))).rows[0] as T | undefined),
    run: (sql: string, params: readonly SqlValue[] = []) => wrap(async () => ({ changes: (await client.query(numbered(sql), bind(params))).rowCount ?? 0 })),
  });
  // Fail now, with a clear line, rather than at the first query.
  await wrap(async () => (await pool.connect()).release());
  return {
    engine: 'postgres',
    ...on(pool),
    async transaction(fn) {
      const client = await wrap(() => pool.connect());
      let broken = false;
      // While we hold it, a dropped connection is reported by the next query, not as an
      // unhandled 'error' event that would end the process.
      const onError = () => void (broken = true);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        broken = isConnectionError(error);
        throw broken ? explainPostgresError(error, where) : error;
      } finally {
        // A connection that failed is dropped, not handed to the next caller.
        client.off('error', onError);
        client.release(broken);
      }
    },
    exec: (sql) => wrap(async () => void (await pool.query(sql))),
    describe: () => where,
    close: () => pool.end(),
  };
}
