/**
 * What tables a database has, read from its catalog (sqlite_master / information_schema), so
 * `npm run db -- copy` handles every table, including ones later migrations add, without a list.
 */
import type { Database, Queryable } from './database.ts';

export interface TableInfo {
  name: string;
  columns: string[];
  /** Primary key columns in key order (empty when the table has none). */
  primaryKey: string[];
  /** PostgreSQL identity columns, whose sequences must follow copied ids. */
  identity: string[];
  /** Tables this one references by foreign key. */
  references: string[];
}

/** Bookkeeping, not data: each database keeps its own. */
const INTERNAL = new Set(['schema_migrations']);

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
export { quote as quoteIdentifier };

async function sqliteTables(q: Queryable): Promise<TableInfo[]> {
  const names = (await q.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)).map((r) => r.name);
  const tables: TableInfo[] = [];
  for (const name of names) {
    const columns = await q.all<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, [name]);
    const references = await q.all<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list(?)`, [name]);
    tables.push({
      name,
      columns: columns.map((c) => c.name),
      primaryKey: columns.filter((c) => Number(c.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((c) => c.name),
      identity: [],
      references: [...new Set(references.map((r) => r.table))],
    });
  }
  return tables;
}

async function postgresTables(q: Queryable): Promise<TableInfo[]> {
  const columns = await q.all<{ table_name: string; column_name: string; is_identity: string }>(
    `SELECT table_name, column_name, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
     ORDER BY table_name, ordinal_position`,
  );
  const keys = await q.all<{ table_name: string; column_name: string }>(
    `SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
     JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
     WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`,
  );
  const references = await q.all<{ table_name: string; referenced: string }>(
    `SELECT DISTINCT c.table_name, u.table_name AS referenced FROM information_schema.table_constraints c
     JOIN information_schema.constraint_column_usage u ON u.constraint_name = c.constraint_name AND u.table_schema = c.table_schema
     WHERE c.table_schema = current_schema() AND c.constraint_type = 'FOREIGN KEY'`,
  );
  const byName = new Map<string, TableInfo>();
  for (const c of columns) {
    const t = byName.get(c.table_name) ?? { name: c.table_name, columns: [], primaryKey: [], identity: [], references: [] };
    t.columns.push(c.column_name);
    if (c.is_identity === 'YES') t.identity.push(c.column_name);
    byName.set(c.table_name, t);
  }
  for (const k of keys) byName.get(k.table_name)?.primaryKey.push(k.column_name);
  for (const r of references) if (r.referenced !== r.table_name) byName.get(r.table_name)?.references.push(r.referenced);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The data tables, ordered so that a table comes after every table it references. */
export async function dataTables(db: Database | Queryable, engine: Database['engine']): Promise<TableInfo[]> {
  const all = (engine === 'sqlite' ? await sqliteTables(db) : await postgresTables(db)).filter((t) => !INTERNAL.has(t.name));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (t: TableInfo, path: Set<string>) => {
    if (placed.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of t.references) {
      const target = all.find((x) => x.name === r);
      if (target && target !== t) visit(target, path);
    }
    placed.add(t.name);
    ordered.push(t);
  };
  for (const t of all) visit(t, new Set());
  return ordered;
}
