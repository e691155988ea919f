/**
 * Copies every data table from one database to another (SQLite ⇄ PostgreSQL), in one
 * transaction on the target: either everything arrives, counts verified, or nothing does.
 * Rows are read in primary-key order, a page at a time, so memory stays flat however big
 * the source is. Ids are kept (PostgreSQL identity columns are overridden, then their
 * sequences moved past the highest id).
 */
import type { Database, Queryable, Row, SqlValue } from './database.ts';
import { DatabaseError } from './errors.ts';
import { LATEST_VERSION } from './migrations.ts';
import { schemaStatus } from './migrate.ts';
import { dataTables, quoteIdentifier as q, type TableInfo } from './tables.ts';
import { holdsNul } from './text.ts';

export interface CopyResult {
  tables: { name: string; rows: number }[];
  /** text values that held a NUL (possible on SQLite before it was escaped), written with `\u{0}` instead */
  escapedNul: number;
}

const PAGE = 1000;

async function count(db: Queryable, table: string): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q(table)}`))?.n ?? 0);
}

/** Pages through a table in primary-key order (keyset pagination: no OFFSET scans). */
async function* pages(db: Queryable, table: TableInfo): AsyncGenerator<Row[]> {
  const columns = table.columns.map(q).join(', ');
  if (table.primaryKey.length === 0) {
    yield await db.all(`SELECT ${columns} FROM ${q(table.name)}`);
    return;
  }
  const key = table.primaryKey.map(q).join(', ');
  let after: SqlValue[] | undefined;
  for (;;) {
    const where = after ? `WHERE (${key}) > (${after.map(() => '?').join(', ')})` : '';
    const rows = await db.all(`SELECT ${columns} FROM ${q(table.name)} ${where} ORDER BY ${key} LIMIT ${PAGE}`, after ?? []);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = table.primaryKey.map((k) => last[k] as SqlValue);
    if (rows.length < PAGE) return;
  }
}

export async function copyDatabase(source: Database, target: Database, { force = false } = {}): Promise<CopyResult> {
  const from = await schemaStatus(source);
  if (from.current !== LATEST_VERSION) {
    throw new DatabaseError(`${source.describe()} has schema version ${from.current}, this code writes version ${LATEST_VERSION}. Bring it up to date first (DATABASE_URL=<source> npm run db -- migrate), then copy. Nothing was copied.`);
  }
  const tables = await dataTables(source, source.engine);
  const targetTables = new Map((await dataTables(target, target.engine)).map((t) => [t.name, t]));
  for (const t of tables) {
    const there = targetTables.get(t.name);
    const missing = t.columns.filter((c) => !there?.columns.includes(c));
    if (!there || missing.length > 0) {
      throw new DatabaseError(`${target.describe()} has no ${there ? `column(s) ${missing.join(', ')} in table ${t.name}` : `table ${t.name}`}, which ${source.describe()} has. Both must be at the same schema version. Nothing was copied.`);
    }
  }
  const sourceCounts = new Map<string, number>();
  for (const t of tables) sourceCounts.set(t.name, await count(source, t.name));

  const result = await target.transaction(async (tx) => {
    const occupied: string[] = [];
    for (const t of targetTables.values()) {
      const n = await count(tx, t.name);
      if (n > 0) occupied.push(`${t.name}: ${n}`);
    }
    if (occupied.length > 0 && !force) {
      throw new DatabaseError(`${target.describe()} already holds data (${occupied.join(', ')} rows). Copying into it would mix two databases. Use an empty database, or add --force to replace everything in it. Nothing was copied.`);
    }
    if (target.engine === 'sqlite') await tx.run('PRAGMA defer_foreign_keys = ON');
    // Children first when emptying, parents first when filling.
    for (const t of [...tables].reverse()) await tx.run(`DELETE FROM ${q(t.name)}`);
    const overriding = target.engine === 'postgres' ? 'OVERRIDING SYSTEM VALUE' : '';
    let escapedNul = 0;
    for (const t of tables) {
      const columns = t.columns.map(q).join(', ');
      const perStatement = Math.max(1, Math.min(500, Math.floor(30_000 / t.columns.length)));
      for await (const rows of pages(source, t)) {
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          const tuple = `(${t.columns.map(() => '?').join(', ')})`;
          const values = chunk.flatMap((row) => t.columns.map((c) => row[c] as SqlValue));
          escapedNul += values.filter(holdsNul).length;
          // The engine escapes each NUL as it binds the value (text.ts).
          await tx.run(`INSERT INTO ${q(t.name)} (${columns}) ${overriding} VALUES ${chunk.map(() => tuple).join(', ')}`, values);
        }
      }
      for (const column of targetTables.get(t.name)!.identity) {
        await tx.run(`SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(${q(column)}) FROM ${q(t.name)}), 0) + 1, false)`, [t.name, column]);
      }
    }
    const copied: CopyResult['tables'] = [];
    for (const t of tables) {
      const n = await count(tx, t.name);
      if (n !== sourceCounts.get(t.name)) {
        throw new DatabaseError(`Table ${t.name}: ${sourceCounts.get(t.name)} rows in ${source.describe()} but ${n} copied (was the source written to during the copy? Stop servers and senders first). Nothing was copied.`);
      }
      copied.push({ name: t.name, rows: n });
    }
    return { tables: copied, escapedNul };
  });
  // And once more from outside, as the next reader will see it.
  for (const t of result.tables) {
    const n = await count(target, t.name);
    if (n !== t.rows) throw new DatabaseError(`Table ${t.name}: ${t.rows} rows copied but ${n} found after the commit. Check ${target.describe()}.`);
  }
  return result;
}
