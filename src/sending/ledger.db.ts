/** The deliveries ledger over the database module (tables from migration 2), on SQLite and PostgreSQL alike. */
import type { Database } from '../db/database.ts';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type Ledger } from './ledger.ts';

type Row = { issue: number; subscriber_id: number; email: string; status: DeliveryStatus; attempts: number; last_response: string | null };
const toDelivery = (r: Row): Delivery => ({ issue: Number(r.issue), subscriberId: Number(r.subscriber_id), email: r.email, status: r.status, attempts: Number(r.attempts), lastResponse: r.last_response });
const clip = (text: string) => text.slice(0, 500);

export function createLedger(db: Database): Ledger {
  // PostgreSQL cannot infer the types of parameters in a SELECT list.
  const stamp = db.engine === 'postgres' ? 'CAST(? AS TIMESTAMPTZ)' : '?';
  return {
    async plan(issue, at) {
      const result = await db.run(
        `INSERT INTO deliveries (issue, subscriber_id, email, status, created_at, updated_at)
         SELECT CAST(? AS INTEGER), id, email, 'queued', ${stamp}, ${stamp} FROM subscribers WHERE status = 'confirmed'
         ON CONFLICT (issue, subscriber_id) DO NOTHING`,
        [issue, at, at],
      );
      return result.changes;
    },
    async recoverInFlight(issue, retryUncertain, at) {
      const inFlight = (await db.run(`UPDATE deliveries SET status = 'uncertain', last_response = 'in flight when a previous run stopped', updated_at = ? WHERE issue = ? AND status = 'sending'`, [at, issue])).changes;
      const requeued = retryUncertain ? (await db.run(`UPDATE deliveries SET status = 'queued', updated_at = ? WHERE issue = ? AND status = 'uncertain'`, [at, issue])).changes : 0;
      return { inFlight, requeued };
    },
    async nextQueued(issue, after, limit) {
      return (await db.all<Row>(`SELECT * FROM deliveries WHERE issue = ? AND status = 'queued' AND subscriber_id > ? ORDER BY subscriber_id LIMIT ?`, [issue, after, limit])).map(toDelivery);
    },
    async markSending(issue, subscriberId, at) {
      const row = await db.get<{ attempts: number }>(
        `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE issue = ? AND subscriber_id = ? RETURNING attempts`,
        [at, issue, subscriberId],
      );
      return Number(row?.attempts ?? 0);
    },
    async markSent(issue, subscriberId, messageId, response, at) {
      await db.run(`UPDATE deliveries SET status = 'sent', message_id = ?, last_response = ?, sent_at = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?`, [messageId, clip(response), at, at, issue, subscriberId]);
    },
    async markQueued(issue, subscriberId, response, at) {
      await db.run('UPDATE deliveries SET status = ?, last_response = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?', ['queued', clip(response), at, issue, subscriberId]);
    },
    async markFinal(issue, subscriberId, status, response, at) {
      await db.run('UPDATE deliveries SET status = ?, last_response = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?', [status, clip(response), at, issue, subscriberId]);
    },
    async counts(issue) {
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of await db.all<{ status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE issue = ? GROUP BY status', [issue])) counts[r.status] = Number(r.n);
      return counts;
    },
    async startRun(issue, at) {
      await db.run(`INSERT INTO sends (issue, started_at, status) VALUES (?, ?, 'running') ON CONFLICT (issue) DO UPDATE SET status = 'running', finished_at = NULL`, [issue, at]);
    },
    async finishRun(issue, status, at) {
      await db.run('UPDATE sends SET status = ?, finished_at = ? WHERE issue = ?', [status, at, issue]);
    },
    isComplete: async (issue) => (await db.get<{ status: string }>('SELECT status FROM sends WHERE issue = ?', [issue]))?.status === 'complete',
    completedIssues: async () => (await db.all<{ issue: number }>(`SELECT issue FROM sends WHERE status = 'complete' ORDER BY issue`)).map((r) => Number(r.issue)),
  };
}
