/**
 * `npm run db -- migrate | status | copy --from <url> --to <url> [--force]`: the database's
 * schema and moving a publication from one database to another (SQLite to PostgreSQL).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { copyDatabase } from './copy.ts';
import { DatabaseError } from './errors.ts';
import { schemaStatus } from './migrate.ts';
import { openDatabase, openDatabaseForReading } from './open.ts';
import { parseDatabaseUrl, redactDatabaseUrl } from './url.ts';

export interface DbIo {
  out: (text: string) => void;
}

export const DB_USAGE = `Usage: npm run db -- <command>

  migrate                      bring DATABASE_URL's schema up to date (servers and senders also do this)
  status                       show DATABASE_URL's schema version; changes nothing
  copy --from <url> --to <url> copy every table into an empty database, in one transaction
       [--force]               replace whatever the target already holds

URLs are file:data/tips.db (SQLite) or postgres://user:pass@host:5432/tips (PostgreSQL).
Stop the servers and senders that use the source before copying.
`;

const engineName = (url: string) => (parseDatabaseUrl(url).engine === 'sqlite' ? 'SQLite' : 'PostgreSQL');

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: DbIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(DB_USAGE);
    return values.help ? 0 : 2;
  }
  if (rest.length > 0) throw new UsageError(`Unexpected argument: ${rest[0]}\n\n${DB_USAGE}`);
  const env = parseEnv(envVars);
  const options = { poolSize: env.DATABASE_POOL_SIZE };

  if (command === 'migrate') {
    let applied: number[] = [];
    const db = await openDatabase(env.DATABASE_URL, { ...options, onMigrated: (versions) => (applied = versions) });
    try {
      const { current } = await schemaStatus(db);
      io.out(
        `${db.describe()} (${engineName(env.DATABASE_URL)}): ` +
          (applied.length === 0 ? `schema version ${current}, already up to date.\n` : `applied migration(s) ${applied.join(', ')}; schema version ${current}, up to date.\n`),
      );
      return 0;
    } finally {
      await db.close();
    }
  }

  if (command === 'status') {
    const db = await openDatabaseForReading(env.DATABASE_URL, options);
    if (!db) {
      io.out(`No database yet at ${redactDatabaseUrl(env.DATABASE_URL)}: \`npm run db -- migrate\` creates it (so do the server and the send command).\n`);
      return 0;
    }
    try {
      const status = await schemaStatus(db);
      const pending = status.pending.map((p) => `  ${p.version}. ${p.name}`).join('\n');
      io.out(
        `${db.describe()} (${engineName(env.DATABASE_URL)}): schema version ${status.current} of ${status.latest}` +
          (status.pending.length === 0 ? ', up to date.\n' : `. Pending:\n${pending}\nRun \`npm run db -- migrate\` to apply them.\n`),
      );
      return 0;
    } finally {
      await db.close();
    }
  }

  if (command === 'copy') {
    if (!values.from || !values.to) throw new UsageError(`copy needs --from <url> and --to <url>.\n\n${DB_USAGE}`);
    if (values.from === values.to) throw new UsageError('--from and --to are the same database.');
    const source = await openDatabaseForReading(values.from, options);
    if (!source) throw new DatabaseError(`There is no database at ${values.from}: check --from. Nothing was copied.`);
    try {
      const target = await openDatabase(values.to, options);
      try {
        const result = await copyDatabase(source, target, { force: values.force });
        const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
        io.out(
          `Copied ${total} rows from ${source.describe()} to ${target.describe()}, counts verified:\n` +
            result.tables.map((t) => `  ${t.name}: ${t.rows}`).join('\n') +
            (result.escapedNul > 0 ? `\n${result.escapedNul} text value(s) held a NUL character, which PostgreSQL cannot store; each NUL was written as \\u{0}, as both engines now store it.` : '') +
            `\nPoint DATABASE_URL at ${target.describe()} (with its password) and restart the servers and senders.\n`,
        );
        return 0;
      } finally {
        await target.close();
      }
    } finally {
      await source.close();
    }
  }
  throw new UsageError(`Unknown command "${command}".\n\n${DB_USAGE}`);
}
