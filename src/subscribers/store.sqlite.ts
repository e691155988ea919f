/**
 * SQLite subscriber store on Node's built-in node:sqlite (WAL mode). Migrations run on
 * open. All SQL is parameterized.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ImportRow, SignupOutcome, SignupRecord, Subscriber, SubscriberStatus, SubscriberStore } from './store.ts';
import { SUBSCRIBER_STATUSES } from './store.ts';

/** Ordered schema changes; each runs once, in a transaction. Later features append here. */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE subscribers (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        first_name TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        signup_at TEXT NOT NULL,
        signup_ip TEXT,
        signup_user_agent TEXT,
        signup_form TEXT,
        consent_text TEXT,
        confirmed_at TEXT,
        confirm_ip TEXT,
        unsubscribed_at TEXT,
        bounced_at TEXT
      );
      CREATE INDEX subscribers_status ON subscribers (status, id);
      CREATE TABLE suppressions (
        email_hash TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        created_at TEXT NOT NULL
      );`,
  },
  {
    version: 2,
    sql: `
      -- One row per (issue, subscriber), created before sending: the ledger that makes sends resumable.
      CREATE TABLE deliveries (
        issue INTEGER NOT NULL,
        subscriber_id INTEGER NOT NULL,
        email TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'skipped', 'uncertain')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_response TEXT,
        message_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        sent_at TEXT,
        PRIMARY KEY (issue, subscriber_id)
      );
      CREATE INDEX deliveries_status ON deliveries (issue, status, subscriber_id);
      CREATE TABLE sends (
        issue INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'stopped'))
      );`,
  },
];

/** "file:data/tips.db" or a plain path → a filesystem path (":memory:" stays). */
export function databasePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, '');
}

export function openDatabase(url: string): DatabaseSync {
  const path = databasePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  migrate(db);
  return db;
}

export function migrate(db: DatabaseSync): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
      db.exec('COMMIT');
      applied.push(migration.version);
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return applied;
}

export const suppressionHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

type Row = Record<string, string | number | null>;

const toSubscriber = (r: Row): Subscriber => ({
  id: r['id'] as number,
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
  },
});

export function createSqliteStore(db: DatabaseSync): SubscriberStore {
  const byId = (id: number) => {
    const row = db.prepare('SELECT * FROM subscribers WHERE id = ?').get(id) as Row | undefined;
    return row ? toSubscriber(row) : undefined;
  };
  const byEmail = (email: string) => {
    const row = db.prepare('SELECT * FROM subscribers WHERE email = ?').get(email) as Row | undefined;
    return row ? toSubscriber(row) : undefined;
  };
  const isSuppressed = (email: string) => db.prepare('SELECT 1 FROM suppressions WHERE email_hash = ?').get(suppressionHash(email)) !== undefined;

  return {
    byId,
    byEmail,
    isSuppressed,
    signup(record: SignupRecord): SignupOutcome {
      if (isSuppressed(record.email)) return { kind: 'suppressed' };
      const at = record.at.toISOString();
      // One statement: concurrent signups for one address end up as one row.
      db.prepare(
        `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_ip, signup_user_agent, signup_form, consent_text)
         VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (email) DO UPDATE SET
           first_name = COALESCE(excluded.first_name, subscribers.first_name),
           status = 'pending', updated_at = excluded.updated_at, signup_at = excluded.signup_at,
           signup_ip = excluded.signup_ip, signup_user_agent = excluded.signup_user_agent,
           signup_form = excluded.signup_form, consent_text = excluded.consent_text,
           confirmed_at = NULL, confirm_ip = NULL
         WHERE subscribers.status <> 'confirmed'`,
      ).run(record.email, record.firstName ?? null, at, at, at, record.ip, record.userAgent, record.form, record.consentText);
      const subscriber = byEmail(record.email)!;
      return subscriber.status === 'confirmed' ? { kind: 'already-confirmed', subscriber } : { kind: 'pending', subscriber };
    },
    confirm(id, at, ip) {
      db.prepare(`UPDATE subscribers SET status = 'confirmed', confirmed_at = ?, confirm_ip = ?, updated_at = ? WHERE id = ? AND status = 'pending'`).run(
        at.toISOString(),
        ip,
        at.toISOString(),
        id,
      );
      return byId(id);
    },
    unsubscribe(id, at) {
      db.prepare(`UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE id = ? AND status <> 'unsubscribed'`).run(
        at.toISOString(),
        at.toISOString(),
        id,
      );
      return byId(id);
    },
    markBounced(id, at) {
      db.prepare(`UPDATE subscribers SET status = 'bounced', bounced_at = ?, updated_at = ? WHERE id = ?`).run(at.toISOString(), at.toISOString(), id);
    },
    list(status) {
      const rows = status
        ? db.prepare('SELECT * FROM subscribers WHERE status = ? ORDER BY id').all(status)
        : db.prepare('SELECT * FROM subscribers ORDER BY id').all();
      return (rows as Row[]).map(toSubscriber);
    },
    count() {
      const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
      for (const r of db.prepare('SELECT status, COUNT(*) AS n FROM subscribers GROUP BY status').all() as { status: SubscriberStatus; n: number }[]) {
        counts[r.status] = r.n;
      }
      return { ...counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
    importConfirmed(rows: ImportRow[], consentNote: string, at: Date) {
      const stamp = at.toISOString();
      const insert = db.prepare(
        `INSERT INTO subscribers (email, first_name, status, created_at, updated_at, signup_at, signup_form, consent_text, confirmed_at)
         VALUES (?, ?, 'confirmed', ?, ?, ?, 'import', ?, ?) ON CONFLICT (email) DO NOTHING`,
      );
      let added = 0;
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const row of rows) {
          if (isSuppressed(row.email)) continue;
          added += Number(insert.run(row.email, row.firstName ?? null, stamp, stamp, stamp, consentNote, stamp).changes);
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      return { added, skipped: rows.length - added };
    },
    erase(email, at) {
      db.exec('BEGIN IMMEDIATE');
      try {
        const removed = db.prepare('DELETE FROM subscribers WHERE email = ?').run(email).changes;
        db.prepare('INSERT OR IGNORE INTO suppressions (email_hash, reason, created_at) VALUES (?, ?, ?)').run(suppressionHash(email), 'erased', at.toISOString());
        db.exec('COMMIT');
        return Number(removed) > 0;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => db.close(),
  };
}
