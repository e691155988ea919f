/** DATABASE_URL → which engine and where. Pure. */

export type DatabaseLocation =
  | { engine: 'sqlite'; /** File path, or ":memory:" */ path: string }
  | { engine: 'postgres'; url: string };

/** "file:data/tips.db", a plain path or ":memory:" is SQLite; "postgres://" or "postgresql://" is PostgreSQL. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  if (url === ':memory:' || url === 'file::memory:') return { engine: 'sqlite', path: ':memory:' };
  return { engine: 'sqlite', path: url.replace(/^file:(\/\/)?/, '') };
}

/** A DATABASE_URL fit for a log line: the password never appears. */
export function redactDatabaseUrl(url: string): string {
  const location = parseDatabaseUrl(url);
  if (location.engine === 'sqlite') return location.path;
  const u = new URL(location.url);
  u.password = '';
  u.username = u.username ? u.username : '';
  u.search = '';
  return u.href.replace(/:@/, '@');
}
