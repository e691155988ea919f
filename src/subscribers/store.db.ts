/**
 * The subscriber store over the database module: the same SQL on SQLite and PostgreSQL,
 * every value a parameter. Suppressions keep only a keyed hash of an erased address.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Database, Queryable, Row } from '../db/database.ts';
import type { EraseOutcome, FeedbackChange, ImportedSubscriber, ImportedSuppression, ImportOutcome, ImportRow, NoticeQueue, SignupOutcome, SignupRecord, Subscriber, SubscriberStatus, SubscriberStore } from './store.ts';
import { SUBSCRIBER_STATUSES } from './store.ts';
import { preferenceMethods } from './preferences.db.ts';

export { pausedCount } from './preferences.db.ts';

export interface StoreOptions {
  /** SUPPRESSION_KEY: keys the suppression list's hashes. */
  suppressionKey: string;
  /** Where confirmations and welcomes are queued (the mail outbox); needed only to queue them. */
  outbox?: NoticeQueue | undefined;
}

/** Plain SHA-256 of the normalized address (what suppressions held before migration 5). */
export const sha256Address = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** The suppression hash: an HMAC of the plain hash, so rows written before the key existed can be keyed in place. */
export const suppressionHash = (key: string, email: string) => keyedHash(key, sha256Address(email));
const keyedHash = (key: string, plainHash: string) => createHmac('sha256', key).update(plainHash).digest('hex');

/** Keys the suppressions written before migration 5 (plain SHA-256, reversible with a list of addresses). Idempotent. */
export async function keyLegacySuppressions(db: Database, key: string): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.all<{ email_hash: string }>('SELECT email_hash FROM suppressions WHERE keyed = 0');
    for (const row of rows) await tx.run('UPDATE suppressions SET email_hash = ?, keyed = 1 WHERE email_hash = ? AND keyed = 0', [keyedHash(key, row.email_hash), row.email_hash]);
    return rows.length;
  });
}

const toSubscriber = (r: Row): Subscriber => ({
  id: Number(r['id']),
  email: r['email'] as string,
  firstName: r['first_name'] as string | null,
  status: r['status'] as SubscriberStatus,
  createdAt: r['created_at'] as string,
  updatedAt: r['updated_at'] as string,
  consent: {
    signupAt: r['signup_at'] as string,
    signupIp: r['signup_ip'] as string | null,
    signupUserAgent: r['signup_user_agent'] as string | null,
    form: r['signup_form'] as string | null,
    consentText: r['consent_text'] as string | null,
    confirmedAt: r['confirmed_at'] as string | null,
    confirmIp: r['confirm_ip'] as string | null,
    unsubscribedAt: r['unsubscribed_at'] as string | null,
    previousEmail: (r['previous_email'] as string | null) ?? null,
    emailChangedAt: (r['email_changed_at'] as string | null) ?? null,
  },
  pausedUntil: (r['paused_until'] as string | null) ?? null,
  pendingEmail: (r['pending_email'] as string | null) ?? null,
  pendingEmailAt: (r['pending_email_at'] as string | null) ?? null,
});

export function createSubscriberStore(db: Database, { suppressionKey, outbox: queue }: StoreOptions): SubscriberStore {
  const hash = (email: string) => suppressionHash(suppressionKey, email);
  const byId = async (id: number, q: Queryable = db) => {
    const row = await q.get('SELECT * FROM subscribers WHERE id = ?', [id]);
    return row ? toSubscriber(row) : undefined;
  };
  const byEmail = async (email: string, q: Queryable = db) => {
    const row = await q.get('SELECT * FROM subscribers WHERE email = ?', [email]);
    return row ? toSubscriber(row) : undefined;
  };
  const isSuppressed = async (email: string, q: Queryable = db) =>
    (await q.get('SELECT 1 AS x FROM suppressions WHERE email_hash = ?', [hash(email)])) !== undefined;

  const outbox: NoticeQueue = queue ?? {
    enqueue: async () => {
      throw new Error('This subscriber store was created without a mail outbox, so it cannot queue a confirmation or welcome: pass createSubscriberStore(db, { outbox }).');
    },
  };
  const suppress = (q: Queryable, email: string, reason: string, at: Date) =>
    q.run('INSERT INTO suppressions (email_hash, reason, created_at, keyed) VALUES (?, ?, ?, 1) ON CONFLICT (email_hash) DO NOTHING', [hash(email), reason, at]);
  /** The one status guard for bounces: only pending or confirmed subscribers become bounced. */
  const markBouncedIn = async (q: Queryable, id: number, at: Date) =>
    (await q.run(`UPDATE subscribers SET status = 'bounced', bounced_at = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'confirmed')`, [at, at, id])).changes > 0;
  const unsubscribeIn = async (q: Queryable, id: number, at: Date) =>
    (await q.run(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ? AND status <> 'unsubscribed'`, [at, at, id])).changes > 0;
  const applyFeedback = async (q: Queryable, id: number, verdict: 'bounced' | 'complained', at: Date): Promise<FeedbackChange> => {
    if (verdict === 'bounced') return (await markBouncedIn(q, id, at)) ? 'bounced' : 'none';
    const changed = await unsubscribeIn(q, id, at);
    // Suppressed too: a reader who reported us as spam is never signed up again by a form.
    const subscriber = await byId(id, q);
    if (subscriber) await suppress(q, subscriber.email, 'complaint', at);
    return changed ? 'unsubscribed' : 'none';
  };
  return {
    ...preferenceMethods({ db, byId, byEmail, isSuppressed, outbox }),
    byId: (id) => byId(id),
    byIds: async (ids) =>
      ids.length === 0 ? [] : (await db.all(`SELECT * FROM subscribers WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)).map(toSubscriber),
    byEmail: (email) => byEmail(email),
    isSuppressed: (email) => isSuppressed(email),
    signup(record: SignupRecord, options = {}): Promise<SignupOutcome> {
      return db.transaction(async (tx) => {
        if (await isSuppressed(record.email, tx)) return { kind: 'suppressed' } as const;
        // One statement: concurrent signups for one address end up as one row, and a
        // confirmed subscriber is never changed by a new, unconfirmed signup.
        const row = await tx.get(
          `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_ip, signup_user_agent, signup_form, consent_text)
           VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (email) DO UPDATE SET
             first_name = COALESCE(excluded.first_name, subscribers.first_name),
             status = 'pending', updated_at = excluded.updated_at, signup_at = excluded.signup_at,
             signup_ip = excluded.signup_ip, signup_user_agent = excluded.signup_user_agent,
             signup_form = excluded.signup_form, consent_text = excluded.consent_text,
             confirmed_at = NULL, confirm_ip = NULL
           WHERE subscribers.status <> 'confirmed'
           RETURNING *`,
          [record.email, record.firstName ?? null, record.at, record.at, record.at, record.ip, record.userAgent, record.form, record.consentText],
        );
        if (row) {
          const subscriber = toSubscriber(row);
          const queued = options.queueConfirmation ? await outbox.enqueue(tx, 'confirm', subscriber.id, record.at, options.queueConfirmation.cooldownMs) : false;
          return { kind: 'pending', subscriber, queued } as const;
        }
        const existing = await byEmail(record.email, tx);
        return existing ? ({ kind: 'already-confirmed', subscriber: existing } as const) : ({ kind: 'suppressed' } as const);
      });
    },
    confirm(id, at, ip, options = {}) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(`UPDATE subscribers SET status = 'confirmed', confirmed_at = ?, confirm_ip = ?, updated_at = ? WHERE id = ? AND status = 'pending'`, [at, ip, at, id]);
        const confirmedNow = changed.changes > 0;
        if (confirmedNow && options.queueWelcome) await outbox.enqueue(tx, 'welcome', id, at);
        const subscriber = await byId(id, tx);
        return subscriber && { subscriber, confirmedNow };
      });
    },
    async unsubscribe(id, at) {
      await unsubscribeIn(db, id, at);
      return byId(id);
    },
    async markBounced(id, at) {
      await markBouncedIn(db, id, at);
    },
    applyFeedback,
    async list(status) {
      const rows = status ? await db.all('SELECT * FROM subscribers WHERE status = ? ORDER BY id', [status]) : await db.all('SELECT * FROM subscribers ORDER BY id');
      return rows.map(toSubscriber);
    },
    async count() {
      const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
      for (const r of await db.all<{ status: SubscriberStatus; n: number }>('SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status')) counts[r.status] = Number(r.n);
      return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
    importConfirmed(rows: ImportRow[], consentNote: string, at: Date) {
      return db.transaction(async (tx) => {
        let added = 0;
        for (const row of rows) {
          if (await isSuppressed(row.email, tx)) continue;
          const result = await tx.run(
            `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_form, consent_text, confirmed_at)
             VALUES (?, ?, 'confirmed', ?, ?, ?, 'import', ?, ?) ON CONFLICT (email) DO NOTHING`,
            [row.email, row.firstName ?? null, at, at, at, consentNote, at],
          );
          added += result.changes;
        }
        return { added, skipped: rows.length - added };
      });
    },
    importRows: (rows, at) => db.transaction((tx) => importRows(tx, hash, rows, at)),
    async erase(email, at, { suppressIfAbsent = false } = {}) {
      const outcome = await db.transaction(async (tx): Promise<EraseOutcome> => {
        const subscriber = await byEmail(email, tx);
        if (subscriber) {
          // Every copy of the address goes: queued emails, and the ledger keeps only that a delivery happened.
          await tx.run('DELETE FROM mail_outbox WHERE subscriber_id = ?', [subscriber.id]);
          await tx.run(`UPDATE deliveries SET email = '', last_response = NULL, message_id = NULL WHERE subscriber_id = ?`, [subscriber.id]);
          // A bounce's diagnostic often quotes the address.
          await tx.run('UPDATE feedback_events SET diagnostic = NULL WHERE subscriber_id = ?', [subscriber.id]);
        }
        await tx.run(`UPDATE deliveries SET email = '', last_response = NULL, message_id = NULL WHERE email = ?`, [email]);
        const removed = await tx.run('DELETE FROM subscribers WHERE email = ?', [email]);
        if (removed.changes > 0) {
          await suppress(tx, email, 'erased', at);
          return 'erased';
        }
        if (await isSuppressed(email, tx)) return 'already-suppressed';
        if (!suppressIfAbsent) return 'absent';
        await suppress(tx, email, 'requested', at);
        return 'suppressed';
      });
      // secure_delete zeroes the freed pages; the old page images in the WAL go with a checkpoint.
      if (db.engine === 'sqlite') await db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      return outcome;
    },
    async unsuppress(email) {
      return (await db.run('DELETE FROM suppressions WHERE email_hash = ?', [hash(email)])).changes > 0;
    },
  };
}

/** Rows per multi-row statement: 500 × 10 parameters stays far below both engines' limits. */
const IMPORT_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IMPORT_CHUNK) out.push(items.slice(i, i + IMPORT_CHUNK));
  return out;
}

const marks = (count: number, columns: number) => Array.from({ length: count }, () => `(${Array(columns).fill('?').join(', ')})`).join(', ');

/** importRows inside the caller's transaction: multi-row statements, so 10,000 rows are a few dozen round trips. */
async function importRows(
  tx: Queryable,
  hash: (email: string) => string,
  rows: { subscribers: readonly ImportedSubscriber[]; suppressions: readonly ImportedSuppression[] },
  at: Date,
): Promise<ImportOutcome> {
  let suppressionsAdded = 0;
  let unsubscribed = 0;
  for (const batch of chunks(rows.suppressions)) {
    const inserted = await tx.run(
      `INSERT INTO suppressions (email_hash, reason, created_at, keyed) VALUES ${marks(batch.length, 4)} ON CONFLICT (email_hash) DO NOTHING`,
      batch.flatMap((s) => [hash(s.email), s.reason, at, 1]),
    );
    suppressionsAdded += inserted.changes;
    const changed = await tx.run(
      `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE status IN ('pending', 'confirmed') AND email IN (${batch.map(() => '?').join(', ')})`,
      [at, at, ...batch.map((s) => s.email)],
    );
    unsubscribed += changed.changes;
  }
  let added = 0;
  let suppressed = 0;
  for (const batch of chunks(rows.subscribers)) {
    const hashes = batch.map((s) => hash(s.email));
    const blocked = new Set(
      (await tx.all<{ email_hash: string }>(`SELECT email_hash FROM suppressions WHERE email_hash IN (${hashes.map(() => '?').join(', ')})`, hashes)).map((r) => r.email_hash),
    );
    const allowed = batch.filter((_, i) => !blocked.has(hashes[i]!));
    suppressed += batch.length - allowed.length;
    if (allowed.length === 0) continue;
    const inserted = await tx.run(
      `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_ip, signup_form, consent_text, confirmed_at, confirm_ip)
       VALUES ${marks(allowed.length, 11)} ON CONFLICT (email) DO NOTHING`,
      allowed.flatMap((s) => [s.email, s.firstName ?? null, 'confirmed', at, at, s.consent.signupAt, s.consent.signupIp, s.consent.form, s.consent.consentText, s.consent.confirmedAt, s.consent.confirmIp]),
    );
    added += inserted.changes;
  }
  return { added, alreadyPresent: rows.subscribers.length - added - suppressed, suppressed, suppressionsAdded, unsubscribed };
}
