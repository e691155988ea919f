/** The mail outbox over the database module; claims use SKIP LOCKED on PostgreSQL and the write lock on SQLite. */
import type { Database, Queryable, Row } from '../db/database.ts';
import { OUTBOX_STATUSES, type Outbox, type OutboxKind, type OutboxRow, type OutboxStatus } from './outbox.ts';

const toRow = (r: Row): OutboxRow => ({
  id: Number(r['id']),
  kind: r['kind'] as OutboxKind,
  subscriberId: Number(r['subscriber_id']),
  status: r['status'] as OutboxStatus,
  attempts: Number(r['attempts']),
  nextAttemptAt: r['next_attempt_at'] as string,
  lastError: r['last_error'] as string | null,
  createdAt: r['created_at'] as string,
  sentAt: r['sent_at'] as string | null,
});
const clip = (text: string) => text.replace(/\s+/g, ' ').slice(0, 500);

export function createOutbox(db: Database): Outbox {
  const due = `(status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?)`;
  return {
    async enqueue(tx: Queryable, kind: OutboxKind, subscriberId: number, at: Date, cooldownMs = 0) {
      if (cooldownMs > 0) {
        const recent = await tx.get('SELECT 1 AS x FROM mail_outbox WHERE subscriber_id = ? AND kind = ? AND created_at > ?', [subscriberId, kind, new Date(at.getTime() - cooldownMs)]);
        if (recent) return false;
      }
      await tx.run(`INSERT INTO mail_outbox (kind, subscriber_id, status, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)`, [kind, subscriberId, at, at, at]);
      return true;
    },
    async claim(workerId, limit, now, leaseUntil) {
      if (db.engine === 'postgres') {
        const rows = await db.all(
          `UPDATE mail_outbox SET status = 'sending', claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
           WHERE id IN (SELECT id FROM mail_outbox WHERE ${due} ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
           RETURNING *`,
          [workerId, leaseUntil, now, now, now, limit],
        );
        return rows.map(toRow).sort((a, b) => a.id - b.id);
      }
      return db.transaction(async (tx) => {
        const ids = (await tx.all<{ id: number }>(`SELECT id FROM mail_outbox WHERE ${due} ORDER BY id LIMIT ?`, [now, now, limit])).map((r) => Number(r.id));
        if (ids.length === 0) return [];
        const list = ids.map(() => '?').join(', ');
        await tx.run(`UPDATE mail_outbox SET status = 'sending', claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id IN (${list})`, [workerId, leaseUntil, now, ...ids]);
        return (await tx.all(`SELECT * FROM mail_outbox WHERE id IN (${list}) ORDER BY id`, ids)).map(toRow);
      });
    },
    async renew(id, workerId, leaseUntil, at) {
      const result = await db.run(`UPDATE mail_outbox SET lease_until = ?, updated_at = ? WHERE id = ? AND claimed_by = ? AND status = 'sending'`, [leaseUntil, at, id, workerId]);
      return result.changes > 0;
    },
    async markSent(id, messageId, at) {
      await db.run(`UPDATE mail_outbox SET status = 'sent', message_id = ?, sent_at = ?, updated_at = ?, claimed_by = NULL, lease_until = NULL, last_error = NULL WHERE id = ?`, [messageId, at, at, id]);
    },
    async markRetry(id, error, nextAttemptAt, at) {
      await db.run(`UPDATE mail_outbox SET status = 'queued', last_error = ?, next_attempt_at = ?, updated_at = ?, claimed_by = NULL, lease_until = NULL WHERE id = ?`, [clip(error), nextAttemptAt, at, id]);
    },
    async markFinal(id, status, reason, at) {
      await db.run(`UPDATE mail_outbox SET status = ?, last_error = ?, updated_at = ?, claimed_by = NULL, lease_until = NULL WHERE id = ?`, [status, clip(reason), at, id]);
    },
    async counts() {
      const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
      for (const r of await db.all<{ status: OutboxStatus; n: number }>('SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status')) counts[r.status] = Number(r.n);
      return counts;
    },
    async backlog(now) {
      const row = await db.get<{ n: number; oldest: string | null }>(`SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM mail_outbox WHERE status IN ('queued', 'sending')`);
      const oldest = row?.oldest ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000)) : null;
      return { pending: Number(row?.n ?? 0), oldestSeconds: oldest };
    },
    async list(status, limit) {
      const rows = await db.all('SELECT o.*, s.email AS email FROM mail_outbox o LEFT JOIN subscribers s ON s.id = o.subscriber_id WHERE o.status = ? ORDER BY o.id DESC LIMIT ?', [status, limit]);
      return rows.map((r) => ({ ...toRow(r), email: (r['email'] as string | null) ?? null }));
    },
    async retryFailed(now, id) {
      const result = id === undefined
        ? await db.run(`UPDATE mail_outbox SET status = 'queued', next_attempt_at = ?, attempts = 0, updated_at = ? WHERE status = 'failed'`, [now, now])
        : await db.run(`UPDATE mail_outbox SET status = 'queued', next_attempt_at = ?, attempts = 0, updated_at = ? WHERE status = 'failed' AND id = ?`, [now, now, id]);
      return result.changes;
    },
  };
}
