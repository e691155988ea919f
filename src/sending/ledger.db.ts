/**
 * The deliveries ledger over the database module (tables from migrations 2 and 3), on SQLite
 * and PostgreSQL alike. Only the claim differs: PostgreSQL locks the rows it picks and skips
 * rows another sender is picking (FOR UPDATE SKIP LOCKED); SQLite has one writer at a time,
 * so the same UPDATE is already atomic there.
 *
 * A claim is held only while its row has a lease: claimed_by stays on finished rows (who sent
 * it) and on in-flight rows whose lease was expired, but lease_until is NULL there. The claims
 * index covers only leased rows (migration 7), so every query by holder says
 * `lease_until IS NOT NULL` (or a comparison that implies it), or neither engine can use it.
 */
import type { Database } from '../db/database.ts';
import { DELIVERY_STATUSES, type AcceptedMessage, type ActiveSender, type Delivery, type DeliveryStatus, type Ledger } from './ledger.ts';

type Row = { issue: number; subscriber_id: number; email: string; status: DeliveryStatus; attempts: number; last_response: string | null };
const toDelivery = (r: Row): Delivery => ({ issue: Number(r.issue), subscriberId: Number(r.subscriber_id), email: r.email, status: r.status, attempts: Number(r.attempts), lastResponse: r.last_response });
const clip = (text: string) => text.slice(0, 500);
const iso = (value: string | number | null) => (value === null ? '' : new Date(value).toISOString());

const SENT_SQL = `UPDATE deliveries SET status = 'sent', message_id = ?, last_response = ?, sent_at = ?, updated_at = ?, lease_until = NULL WHERE issue = ? AND subscriber_id = ?`;
const recordSent = async (tx: Pick<Database, 'run'>, issue: number, accepted: readonly AcceptedMessage[], at: Date) => {
  for (const a of accepted) await tx.run(SENT_SQL, [a.messageId, clip(a.response), at, at, issue, a.subscriberId]);
};

export function createLedger(db: Database): Ledger {
  // PostgreSQL cannot infer the types of parameters in a SELECT list.
  const stamp = db.engine === 'postgres' ? 'CAST(? AS TIMESTAMPTZ)' : '?';
  const lock = db.engine === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
  const ledger: Ledger = {
    async plan(issue, at) {
      const result = await db.run(
        `INSERT INTO deliveries (issue, subscriber_id, email, status, created_at, updated_at)
         SELECT CAST(? AS INTEGER), id, email, 'queued', ${stamp}, ${stamp} FROM subscribers
         WHERE status = 'confirmed' AND (paused_until IS NULL OR paused_until <= ${stamp})
         ON CONFLICT (issue, subscriber_id) DO NOTHING`,
        [issue, at, at, at],
      );
      // Fresh statistics after a big insert, or PostgreSQL plans the first claims as if the table were
      // empty (a full scan and sort: half a second at 1,000,000 rows) until autovacuum catches up.
      if (db.engine === 'postgres' && result.changes >= 10_000) await db.exec('ANALYZE deliveries');
      return result.changes;
    },
    async recoverInFlight(issue, retryUncertain, at) {
      // A row "sending" without a lease was left by a version that had no claims: its sender is gone.
      const inFlight = (
        await db.run(
          `UPDATE deliveries SET status = 'uncertain', last_response = 'in flight when a sender stopped', claimed_by = NULL, lease_until = NULL, updated_at = ?
           WHERE issue = ? AND status = 'sending' AND (lease_until IS NULL OR lease_until < ?)`,
          [at, issue, at],
        )
      ).changes;
      const requeued = retryUncertain ? (await db.run(`UPDATE deliveries SET status = 'queued', updated_at = ? WHERE issue = ? AND status = 'uncertain'`, [at, issue])).changes : 0;
      return { inFlight, requeued };
    },
    async claimBatch(issue, senderId, limit, leaseUntil, at) {
      // Free: no lease (never claimed, released, or expired at once) or one that ended before `at`.
      const rows = await db.all<Row>(
        `UPDATE deliveries SET claimed_by = ?, lease_until = ?
         WHERE (issue, subscriber_id) IN (
           SELECT issue, subscriber_id FROM deliveries
           WHERE issue = ? AND status = 'queued' AND (lease_until IS NULL OR lease_until < ?)
           ORDER BY subscriber_id LIMIT ? ${lock})
         RETURNING issue, subscriber_id, email, status, attempts, last_response`,
        [senderId, leaseUntil, issue, at, limit],
      );
      return rows.map(toDelivery).sort((a, b) => a.subscriberId - b.subscriberId);
    },
    async renewLease(issue, senderId, leaseUntil) {
      // Never revives a lease another sender expired: that row is theirs to recover as uncertain.
      // On PostgreSQL the rows are locked in subscriber order, as markSendingMany and markSent update them:
      // in whatever order the index gives, this statement and a group commit could deadlock (SQLite has one writer).
      const held = `issue = ? AND claimed_by = ? AND lease_until IS NOT NULL AND status IN ('queued', 'sending')`;
      const sql =
        db.engine === 'postgres'
          ? `UPDATE deliveries SET lease_until = ? WHERE (issue, subscriber_id) IN (SELECT issue, subscriber_id FROM deliveries WHERE ${held} ORDER BY subscriber_id FOR UPDATE)`
          : `UPDATE deliveries SET lease_until = ? WHERE ${held}`;
      return (await db.run(sql, [leaseUntil, issue, senderId])).changes;
    },
    async releaseClaims(issue, senderId, at) {
      return (
        await db.run(`UPDATE deliveries SET claimed_by = NULL, lease_until = NULL, updated_at = ? WHERE issue = ? AND claimed_by = ? AND lease_until IS NOT NULL AND status = 'queued'`, [at, issue, senderId])
      ).changes;
    },
    async expireClaims(issue, senderId, at) {
      // No lease at all rather than one ending `at`: a claim or recovery in the same millisecond must see it ended.
      return (
        await db.run(
          `UPDATE deliveries SET lease_until = NULL, claimed_by = CASE WHEN status = 'queued' THEN NULL ELSE claimed_by END, updated_at = ?
           WHERE issue = ? AND claimed_by = ? AND lease_until IS NOT NULL AND status IN ('queued', 'sending')`,
          [at, issue, senderId],
        )
      ).changes;
    },
    async activeSenders(issue, senderId, at) {
      const rows = await db.all<{ claimed_by: string; lease_until: string; queued: number; sending: number }>(
        `SELECT claimed_by, MAX(lease_until) AS lease_until,
                SUM(CASE WHEN status = 'queued' THEN 1 ELSE 0 END) AS queued,
                SUM(CASE WHEN status = 'sending' THEN 1 ELSE 0 END) AS sending
         FROM deliveries
         WHERE issue = ? AND status IN ('queued', 'sending') AND claimed_by IS NOT NULL AND claimed_by <> ? AND lease_until >= ?
         GROUP BY claimed_by ORDER BY claimed_by`,
        [issue, senderId, at],
      );
      return rows.map((r): ActiveSender => ({ senderId: r.claimed_by, leaseUntil: iso(r.lease_until), queued: Number(r.queued), sending: Number(r.sending) }));
    },
    async markSending(issue, subscriberId, senderId, at) {
      return (await ledger.markSendingMany(issue, [subscriberId], senderId, at)).get(subscriberId);
    },
    async markSendingMany(issue, subscriberIds, senderId, at, accepted = []) {
      const sql = `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ?
         WHERE issue = ? AND subscriber_id = ? AND status = 'queued' AND claimed_by = ?
           AND EXISTS (SELECT 1 FROM subscribers WHERE id = ? AND status = 'confirmed')
         RETURNING attempts`;
      const marked = new Map<number, number>();
      const mark = async (q: Pick<Database, 'get'>, id: number) => {
        const row = await q.get<{ attempts: number }>(sql, [at, issue, id, senderId, id]);
        if (row !== undefined) marked.set(id, Number(row.attempts));
      };
      if (subscriberIds.length === 1 && accepted.length === 0) await mark(db, subscriberIds[0]!);
      else {
        // Rows in subscriber order, as renewLease locks them: two transactions of one sender never wait on each other in a circle.
        const steps = [...accepted.map((a) => ({ id: a.subscriberId, sent: a })), ...subscriberIds.map((id) => ({ id, sent: undefined }))].sort((x, y) => x.id - y.id);
        await db.transaction(async (tx) => {
          for (const step of steps) await (step.sent ? recordSent(tx, issue, [step.sent], at) : mark(tx, step.id));
        });
      }
      return marked;
    },
    async markSent(issue, accepted, at) {
      if (accepted.length === 0) return;
      await db.transaction((tx) => recordSent(tx, issue, [...accepted].sort((x, y) => x.subscriberId - y.subscriberId), at));
    },
    async markQueued(issue, subscriberId, response, at) {
      await db.run('UPDATE deliveries SET status = ?, last_response = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?', ['queued', clip(response), at, issue, subscriberId]);
    },
    async markFinal(issue, subscriberId, status, response, at) {
      await db.run(`UPDATE deliveries SET status = ?, last_response = ?, updated_at = ?, lease_until = NULL WHERE issue = ? AND subscriber_id = ? AND status IN ('queued', 'sending')`, [status, clip(response), at, issue, subscriberId]);
    },
    async counts(issue) {
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of await db.all<{ status: DeliveryStatus; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE issue = ? GROUP BY status', [issue])) counts[r.status] = Number(r.n);
      return counts;
    },
    async startRun(issue, at) {
      await db.run(`INSERT INTO sends (issue, started_at, status) VALUES (?, ?, 'running') ON CONFLICT (issue) DO UPDATE SET status = 'running', finished_at = NULL`, [issue, at]);
    },
    async finishRun(issue, at) {
      const row = await db.get<{ status: 'complete' | 'stopped' }>(
        `UPDATE sends SET finished_at = ?,
           status = CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE issue = ? AND status IN ('queued', 'sending')) THEN 'stopped' ELSE 'complete' END
         WHERE issue = ? RETURNING status`,
        [at, issue, issue],
      );
      return row?.status ?? 'stopped';
    },
    isComplete: async (issue) => (await db.get<{ status: string }>('SELECT status FROM sends WHERE issue = ?', [issue]))?.status === 'complete',
    completedIssues: async () => (await db.all<{ issue: number }>(`SELECT issue FROM sends WHERE status = 'complete' ORDER BY issue`)).map((r) => Number(r.issue)),
  };
  return ledger;
}
