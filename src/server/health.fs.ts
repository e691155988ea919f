/**
 * What /healthz checks. A query alone is not enough on SQLite: a server whose database file
 * was deleted or replaced under it (a removed data folder, a volume that went away) still
 * answers queries from the open file and keeps writing sign-ups into a file nobody can open
 * again. So the file at the path must still be the one the server opened.
 */
import { statSync } from 'node:fs';
import type { Database } from '../db/database.ts';
import { parseDatabaseUrl } from '../db/url.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { Health } from './http.ts';
import type { Log } from './log.ts';

/** Undefined while the SQLite file at `path` is the one opened; otherwise what happened to it. */
export function watchSqliteFile(path: string): () => string | undefined {
  const identity = (): string | undefined => {
    try {
      const s = statSync(path);
      return `${s.dev}:${s.ino}`;
    } catch {
      return undefined;
    }
  };
  const opened = identity();
  return () => {
    const now = identity();
    if (now === opened) return undefined;
    return `The SQLite file ${path} ${now === undefined ? 'is gone' : 'was replaced'} since the server opened it: new sign-ups would be lost. Put the file back (or restore it from a backup), then restart the server.`;
  };
}

/**
 * /healthz. The answer is public, so a failure says only "unreachable"; what went wrong (a file path, a
 * database host) goes to the log, once per change, not once per probe.
 */
export function databaseHealth(db: Database, outbox: Outbox, databaseUrl: string, now: () => Date, log: Log): Health {
  const location = parseDatabaseUrl(databaseUrl);
  const fileProblem = location.engine === 'sqlite' && location.path !== ':memory:' ? watchSqliteFile(location.path) : () => undefined;
  let lastProblem: string | undefined;
  return {
    check: async () => {
      try {
        const problem = fileProblem();
        if (problem) throw new Error(problem);
        await db.get('SELECT 1 AS ok');
        const backlog = await outbox.backlog(now());
        if (lastProblem !== undefined) log('/healthz: the database answers again.');
        lastProblem = undefined;
        return { ok: true, body: { status: 'ok', database: 'reachable', outbox: backlog } };
      } catch (error) {
        const problem = (error as Error).message;
        if (problem !== lastProblem) log(`/healthz answers 503: ${problem}`);
        lastProblem = problem;
        return { ok: false, body: { status: 'unavailable', database: 'unreachable' } };
      }
    },
  };
}
