/**
 * Servers and senders migrate the database when they open it. Several of them starting at once on
 * one empty database (a deploy of two servers, a send started beside them) must all start, and apply
 * each migration once: real processes (`npm run db -- migrate`), on both engines.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyDatabase, testEngines } from '../testing/databases.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { openDatabase, openDatabaseForReading } from './open.ts';
import { MIGRATIONS } from './migrations.ts';

const script = join(import.meta.dirname, '../../scripts/db.ts');

const migrateProcess = (url: string) => runScript(script, ['migrate'], { env: { DATABASE_URL: url } });

describe.each(testEngines())('migrating on %s', (engine) => {
  it('four processes opening one empty database at once all start, and each migration is applied once', async () => {
    const empty = await emptyDatabase(engine);
    try {
      const runs = await Promise.all([0, 1, 2, 3].map(() => migrateProcess(empty.url)));
      expect(runs.map((r) => r.code), runs.map((r) => r.output).join('')).toEqual([0, 0, 0, 0]);
      // Between them they applied every migration once; the others found them applied.
      const applied = runs.flatMap((r) => /applied migration\(s\) ([\d, ]+);/.exec(r.output)?.[1]?.split(', ').map(Number) ?? []);
      expect(applied.sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
      const db = (await openDatabaseForReading(empty.url))!;
      expect(await db.all('SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
      await db.close();
    } finally {
      await empty.cleanup();
    }
  });
});

// Processes start a few milliseconds apart; four connections of one process begin at the same instant, which
// is the race at its worst. (Not on SQLite: node:sqlite is synchronous, so one process's connections would
// wait for each other's locks while blocking the event loop the holder needs; the processes above cover it.)
describe.skipIf(!testEngines().includes('postgres'))('migrating on postgres, four connections at the same instant', () => {
  it('all open, and each migration is applied once', async () => {
    const empty = await emptyDatabase('postgres');
    try {
      const applied: number[] = [];
      const opened = await Promise.all([0, 1, 2, 3].map(() => openDatabase(empty.url, { onMigrated: (versions) => applied.push(...versions) })));
      expect(applied.sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
      await Promise.all(opened.map((db) => db.close()));
    } finally {
      await empty.cleanup();
    }
  });
});
