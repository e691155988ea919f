/**
 * Read-only figures for the dry run that neither the subscriber store nor the ledger
 * offers: how many confirmed subscribers the issue's ledger has no row for yet (what a
 * send would plan), how many addresses are suppressed, and a real subscriber for the
 * sample message. Reads the tables their owners write, and changes nothing: a dry run must
 * not plan the issue.
 */
import type { Database } from '../db/database.ts';

export interface AudienceExtras {
  /** Confirmed subscribers, not on a pause at `now`, with no delivery row for this issue: a send would add and mail them. */
  unplanned: number;
  /** Addresses on the suppression list (erased or complained): never mailed, whatever their status. */
  suppressed: number;
  /** The confirmed subscriber with the lowest id, for the sample message; undefined when there is none. */
  firstConfirmedId: number | undefined;
}

export async function readAudienceExtras(db: Database, issue: number, now: Date = new Date()): Promise<AudienceExtras> {
  const count = async (sql: string, params: (number | Date)[] = []) => Number((await db.get<{ n: number }>(sql, params))?.n ?? 0);
  const unplanned = await count(
    `SELECT COUNT(*) AS n FROM subscribers s WHERE s.status = 'confirmed' AND (s.paused_until IS NULL OR s.paused_until <= ?)
       AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.issue = ? AND d.subscriber_id = s.id)`,
    [now, issue],
  );
  const suppressed = await count('SELECT COUNT(*) AS n FROM suppressions');
  const first = await db.get<{ id: number }>(`SELECT id FROM subscribers WHERE status = 'confirmed' ORDER BY id LIMIT 1`);
  return { unplanned, suppressed, firstConfirmedId: first === undefined ? undefined : Number(first.id) };
}
