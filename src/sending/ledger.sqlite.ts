/** The deliveries ledger in the subscribers' SQLite database (tables from migration 2). */
import type { DatabaseSync } from 'node:sqlite';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type Ledger } from './ledger.ts';

type Row = { issue: number; subscriber_id: number; email: string; status: DeliveryStatus; attempts: number; last_response: string | null };
const toDelivery = (r: Row): Delivery => ({ issue: r.issue, subscriberId: r.subscriber_id, email: r.email, status: r.status, attempts: r.attempts, lastResponse: r.last_response });
const clip = (text: string) => text.slice(0, 500);

export function createSqliteLedger(db: DatabaseSync): Ledger {
  const update = db.prepare('UPDATE deliveries SET status = ?, last_response = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?');
  return {
    plan(issue, at) {
      const stamp = at.toISOString();
      const result = db
        .prepare(
          `INSERT OR IGNORE INTO deliveries (issue, subscriber_id, email, status, created_at, updated_at)
           SELECT ?, id, email, 'queued', ?, ? FROM subscribers WHERE status = 'confirmed'`,
        )
        .run(issue, stamp, stamp);
      return Number(result.changes);
    },
    recoverInFlight(issue, retryUncertain, at) {
      const stamp = at.toISOString();
      const inFlight = Number(
        db.prepare(`UPDATE deliveries SET status = 'uncertain', last_response = 'in flight when a previous run stopped', updated_at = ? WHERE issue = ? AND status = 'sending'`).run(stamp, issue)
          .changes,
      );
      const requeued = retryUncertain
        ? Number(db.prepare(`UPDATE deliveries SET status = 'queued', updated_at = ? WHERE issue = ? AND status = 'uncertain'`).run(stamp, issue).changes)
        : 0;
      return { inFlight, requeued };
    },
    nextQueued(issue, after, limit) {
      return (db.prepare(`SELECT * FROM deliveries WHERE issue = ? AND status = 'queued' AND subscriber_id > ? ORDER BY subscriber_id LIMIT ?`).all(issue, after, limit) as Row[]).map(
        toDelivery,
      );
    },
    markSending(issue, subscriberId, at) {
      db.prepare(`UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = ? WHERE issue = ? AND subscriber_id = ?`).run(at.toISOString(), issue, subscriberId);
      return (db.prepare('SELECT attempts FROM deliveries WHERE issue = ? AND subscriber_id = ?').get(issue, subscriberId) as { attempts: number }).attempts;
    },
    markSent(issue, subscriberId, messageId, response, at) {
      db.prepare(`UPDATE deliveries SET status = 'sent', message_id = ?, last_response = ?, sent_at = ?, updated_at = ? WHERE issue = ? AND subscriber_id = ?`).run(
        messageId,
        clip(response),
        at.toISOString(),
        at.toISOString(),
        issue,
        subscriberId,
      );
    },
    markQueued(issue, subscriberId, response, at) {
      update.run('queued', clip(response), at.toISOString(), issue, subscriberId);
    },
    markFinal(issue, subscriberId, status, response, at) {
      update.run(status, clip(response), at.toISOString(), issue, subscriberId);
    },
    counts(issue) {
      const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM deliveries WHERE issue = ? GROUP BY status').all(issue) as { status: DeliveryStatus; n: number }[]) counts[r.status] = r.n;
      return counts;
    },
    startRun(issue, at) {
      db.prepare(`INSERT INTO sends (issue, started_at, status) VALUES (?, ?, 'running') ON CONFLICT (issue) DO UPDATE SET status = 'running', finished_at = NULL`).run(issue, at.toISOString());
    },
    finishRun(issue, status, at) {
      db.prepare('UPDATE sends SET status = ?, finished_at = ? WHERE issue = ?').run(status, at.toISOString(), issue);
    },
    isComplete: (issue) => (db.prepare(`SELECT status FROM sends WHERE issue = ?`).get(issue) as { status: string } | undefined)?.status === 'complete',
    wasStarted: (issue) => db.prepare('SELECT 1 FROM sends WHERE issue = ?').get(issue) !== undefined,
  };
}
