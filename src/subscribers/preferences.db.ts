/**
 * The preference page's writes to `subscribers`: pauses and address changes. Part of the subscriber
 * store (store.db.ts builds it in), so `subscribers` keeps one writer and one set of guards.
 */
import type { Database, Queryable } from '../db/database.ts';
import type { AddressChangeOutcome, AddressChangeRequest, NoticeQueue, Subscriber, SubscriberStore } from './store.ts';

/** What the preference methods need from the store around them. */
export interface StoreParts {
  db: Database;
  byId: (id: number, q?: Queryable) => Promise<Subscriber | undefined>;
  byEmail: (email: string, q?: Queryable) => Promise<Subscriber | undefined>;
  isSuppressed: (email: string, q?: Queryable) => Promise<boolean>;
  outbox: NoticeQueue;
}

type PreferenceMethods = Pick<SubscriberStore, 'pause' | 'resume' | 'requestAddressChange' | 'confirmAddressChange'>;

export function preferenceMethods({ db, byId, byEmail, isSuppressed, outbox }: StoreParts): PreferenceMethods {
  /** Whether `email` is free for subscriber `id`: no other subscription holds it and it is not suppressed. */
  const available = async (tx: Queryable, id: number, email: string) => {
    const holder = await byEmail(email, tx);
    return (!holder || holder.id === id) && !(await isSuppressed(email, tx));
  };
  return {
    async pause(id, until, at) {
      await db.run(`UPDATE subscribers SET paused_until = ?, updated_at = ? WHERE id = ? AND status = 'confirmed'`, [until, at, id]);
      return byId(id);
    },
    async resume(id, at) {
      await db.run('UPDATE subscribers SET paused_until = NULL, updated_at = ? WHERE id = ? AND paused_until IS NOT NULL', [at, id]);
      return byId(id);
    },
    requestAddressChange(id, newEmail, at, { cooldownMs }) {
      return db.transaction(async (tx): Promise<AddressChangeRequest> => {
        const subscriber = await byId(id, tx);
        if (!subscriber || subscriber.status !== 'confirmed') return { kind: 'not-subscribed' };
        if (subscriber.email === newEmail) return { kind: 'same' };
        if (!(await available(tx, id, newEmail))) return { kind: 'unavailable' };
        await tx.run('UPDATE subscribers SET pending_email = ?, pending_email_at = ?, updated_at = ? WHERE id = ?', [newEmail, at, at, id]);
        return { kind: 'requested', queued: await outbox.enqueue(tx, 'change', id, at, cooldownMs) };
      });
    },
    confirmAddressChange(id, confirmedEmail, at) {
      return db.transaction(async (tx): Promise<AddressChangeOutcome> => {
        const subscriber = await byId(id, tx);
        if (subscriber?.email === confirmedEmail) return { kind: 'already-changed', subscriber };
        if (!subscriber || subscriber.pendingEmail !== confirmedEmail || subscriber.status !== 'confirmed') return { kind: 'stale' };
        if (!(await available(tx, id, confirmedEmail))) return { kind: 'unavailable' };
        await tx.run(
          `UPDATE subscribers SET previous_email = email, email = pending_email, email_changed_at = ?, pending_email = NULL, pending_email_at = NULL, updated_at = ?
           WHERE id = ? AND pending_email = ?`,
          [at, at, id, confirmedEmail],
        );
        return { kind: 'changed', subscriber: (await byId(id, tx))! };
      });
    },
  };
}

/** Confirmed readers on a pause at `now`: not mailed, and not failures either (for `npm run report`). */
export async function pausedCount(db: Pick<Database, 'get'>, now: Date): Promise<number> {
  const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed' AND paused_until > ?`, [now]);
  return Number(row?.n ?? 0);
}
