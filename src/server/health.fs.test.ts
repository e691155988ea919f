/** /healthz on a real SQLite file that goes away and comes back. */
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import { databaseHealth } from './health.fs.ts';

let dir: string;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'totw-health-'));
  db = await openDatabase(`file:${join(dir, 'tips.db')}`);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('databaseHealth', () => {
  // Security review 2, item 10: the public answer named the file (or the PostgreSQL user, host and database).
  it('says only "unreachable" in public, and logs what happened once per change', async () => {
    const path = join(dir, 'tips.db');
    const log: string[] = [];
    const health = databaseHealth(db, createOutbox(db), `file:${path}`, () => new Date(), (line) => log.push(line));
    expect(await health.check()).toEqual({ ok: true, body: { status: 'ok', database: 'reachable', outbox: { pending: 0, oldestSeconds: null } } });

    renameSync(path, `${path}.moved`);
    for (let i = 0; i < 3; i++) expect(await health.check()).toEqual({ ok: false, body: { status: 'unavailable', database: 'unreachable' } });
    expect(log).toEqual([`/healthz answers 503: The SQLite file ${path} is gone since the server opened it: new sign-ups would be lost. Put the file back (or restore it from a backup), then restart the server.`]);

    renameSync(`${path}.moved`, path);
    expect((await health.check()).ok).toBe(true);
    expect(log.at(-1)).toBe('/healthz: the database answers again.');
  });
});
