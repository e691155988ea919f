/**
 * `npm run outbox -- status | list | retry`: what the mail outbox holds, what failed and
 * why, and putting failed rows back in the queue. The database is DATABASE_URL; the running
 * servers' workers deliver re-queued rows (nothing is sent from here).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { openDatabase } from '../db/open.ts';
import { createOutbox } from './outbox.db.ts';
import { OUTBOX_STATUSES, type OutboxListRow, type OutboxStatus } from './outbox.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

export const USAGE = `Usage: npm run outbox -- <command>

  status                                        rows by status, and how long the oldest undelivered one has waited
  list [--status failed] [--limit 20]           newest rows of one status (default failed): id, kind, address, subscriber id, attempts, next attempt, last error
  retry [--id N]                                put failed rows (all, or one) back in the queue; a running server delivers them

The database is DATABASE_URL (default file:data/tips.db).
`;

/** "3 min", "2 h 5 min": how long a row has waited. Pure. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

/** One tab-separated line per row, with a header: who it is for by address (and subscriber id). Pure. */
export function formatRows(rows: readonly OutboxListRow[]): string {
  const lines = rows.map((r) => [r.id, r.kind, r.email ?? '(erased)', r.subscriberId, r.attempts, r.status === 'queued' ? r.nextAttemptAt : '-', r.lastError ?? ''].join('\t'));
  return `${['id', 'kind', 'address', 'subscriber', 'attempts', 'next attempt', 'last error'].join('\t')}\n${lines.map((l) => `${l}\n`).join('')}`;
}

const positiveInteger = (value: string | undefined, option: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} must be a whole number of 1 or more, e.g. ${option} 20 (got "${value}")`);
  return n;
};

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { status: { type: 'string' }, limit: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, extra] = positionals;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!command) throw new UsageError(USAGE.trimEnd());
  if (!['status', 'list', 'retry'].includes(command)) throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  if (extra !== undefined) throw new UsageError(`${command} takes no argument "${extra}".\n\n${USAGE}`);
  const status = (values.status ?? 'failed') as OutboxStatus;
  if (!OUTBOX_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${OUTBOX_STATUSES.join(', ')} (got "${values.status}")`);
  const limit = positiveInteger(values.limit, '--limit') ?? 20;
  const id = positiveInteger(values.id, '--id');

  const env = parseEnv(envVars);
  const db = await openDatabase(env.DATABASE_URL, { poolSize: 2 });
  const outbox = createOutbox(db);
  try {
    if (command === 'status') {
      const counts = await outbox.counts();
      const { pending, oldestSeconds } = await outbox.backlog(io.now());
      io.out(`Mail outbox in ${db.describe()}: ${OUTBOX_STATUSES.map((s) => `${counts[s]} ${s}`).join(', ')}\n`);
      io.out(pending === 0 ? 'Nothing waiting to be delivered.\n' : `${pending} waiting to be delivered; the oldest for ${formatAge(oldestSeconds ?? 0)}.\n`);
      if (counts.failed > 0) io.out(`${counts.failed} failed: see why with \`npm run outbox -- list --status failed\`, re-queue with \`npm run outbox -- retry\`.\n`);
      return 0;
    }
    if (command === 'list') {
      const rows = await outbox.list(status, limit);
      if (rows.length === 0) io.err(`No ${status} rows.\n`);
      else io.out(formatRows(rows));
      return 0;
    }
    const requeued = await outbox.retryFailed(io.now(), id);
    if (id !== undefined && requeued === 0) {
      io.err(`Row ${id} is not a failed row (see \`npm run outbox -- list --status failed\`); nothing re-queued.\n`);
      return 1;
    }
    io.out(`Re-queued ${requeued} failed row(s); a running server delivers them within seconds (\`npm run outbox -- status\` shows progress).\n`);
    return 0;
  } finally {
    await db.close();
  }
}
