/**
 * A publication's history in bulk, for the report's tests and `npm run bench:report`: readers signing up
 * week after week (some pending, unsubscribed or bounced), one send per week with its ledger, bounces and
 * complaints (one issue over Gmail's 0.3% limit), and the mail outbox. Deterministic: the same arguments
 * give the same numbers. Multi-row statements, fast on both engines.
 */
import type { Database, Queryable } from '../db/database.ts';

export interface PublicationSeed {
  subscribers: number;
  /** Issues sent, one a week; the subscribers sign up over as many weeks. */
  issues: number;
  /** Monday of the first week. */
  start: Date;
  /** Leave the last send unfinished: `pending` rows queued and `uncertain` rows uncertain. */
  unfinished?: { pending: number; uncertain: number };
  /** The issue whose complaints go over 0.3% (default 3). */
  noisyIssue?: number;
}

const WEEK_MS = 7 * 86_400_000;
const at = (start: Date, weeks: number, hours = 0) => new Date(start.getTime() + weeks * WEEK_MS + hours * 3_600_000);

/** What a reader's number i becomes: most confirm and stay, a few never confirm, leave or bounce. */
export function readerFate(i: number): 'confirmed' | 'pending' | 'unsubscribed' | 'bounced' {
  if (i % 50 === 7) return 'unsubscribed';
  if (i % 97 === 11) return 'bounced';
  if (i % 23 === 5) return 'pending';
  return 'confirmed';
}

export async function seedPublication(db: Database, seed: PublicationSeed): Promise<void> {
  await seedReaders(db, seed);
  for (let issue = 1; issue <= seed.issues; issue++) await seedSend(db, seed, issue);
  await db.run(
    `INSERT INTO mail_outbox (kind, subscriber_id, status, attempts, next_attempt_at, created_at, updated_at)
     SELECT 'confirm', id, CASE WHEN id % 3 = 0 THEN 'failed' ELSE 'sent' END, 1, signup_at, signup_at, signup_at FROM subscribers WHERE status = 'pending'`,
  );
}

async function seedReaders(db: Database, seed: PublicationSeed): Promise<void> {
  const perStatement = 500;
  for (let first = 0; first < seed.subscribers; first += perStatement * 20) {
    await db.transaction(async (tx) => {
      for (let s = first; s < Math.min(seed.subscribers, first + perStatement * 20); s += perStatement) await insertReaders(tx, seed, s, Math.min(perStatement, seed.subscribers - s));
    });
  }
}

async function insertReaders(tx: Queryable, seed: PublicationSeed, from: number, count: number): Promise<void> {
  const values: (string | Date | null)[] = [];
  for (let i = from; i < from + count; i++) {
    const week = Math.floor((i * seed.issues) / seed.subscribers);
    const signup = at(seed.start, week, i % 100);
    const fate = readerFate(i);
    const confirmed = fate === 'pending' ? null : at(seed.start, week, (i % 100) + 1);
    const left = at(seed.start, Math.min(seed.issues - 1, week + 2), 5);
    values.push(`reader${i}@example.com`, fate, signup, signup, signup, 'seed', 'sample', confirmed, fate === 'unsubscribed' ? left : null, fate === 'bounced' ? left : null);
  }
  const tuple = `(${Array(10).fill('?').join(', ')})`;
  await tx.run(
    `INSERT INTO subscribers (email, status, created_at, updated_at, signup_at, signup_form, consent_text, confirmed_at, unsubscribed_at, bounced_at) VALUES ${Array(count).fill(tuple).join(', ')}`,
    values,
  );
}

async function seedSend(db: Database, seed: PublicationSeed, issue: number): Promise<void> {
  const started = at(seed.start, issue - 1, 100);
  const last = issue === seed.issues && seed.unfinished;
  await db.run(`INSERT INTO sends (issue, started_at, finished_at, status) VALUES (?, ?, ?, ?)`, [issue, started, last ? null : started, last ? 'stopped' : 'complete']);
  // Everyone confirmed by then is planned; the ones who left before are skipped rows.
  await db.run(
    `INSERT INTO deliveries (issue, subscriber_id, email, status, attempts, created_at, updated_at, sent_at)
     SELECT ?, id, email, CASE WHEN id % 211 = 0 THEN 'bounced' WHEN id % 307 = 0 THEN 'failed' ELSE 'sent' END, 1, ?, ?, ?
     FROM subscribers WHERE confirmed_at IS NOT NULL AND confirmed_at < ?`,
    [issue, started, started, started, started],
  );
  const complaintsEvery = issue === (seed.noisyIssue ?? 3) ? 200 : 1500;
  await db.run(
    `INSERT INTO feedback_events (event_id, kind, severity, subscriber_id, issue, source, verdict, occurred_at, created_at)
     SELECT 'seed-' || issue || '-' || subscriber_id, CASE WHEN (subscriber_id + issue) % ? = 0 THEN 'complaint' ELSE 'bounce' END,
            CASE WHEN (subscriber_id + issue) % ? = 0 THEN NULL ELSE 'transient' END, subscriber_id, issue, 'dsn',
            CASE WHEN (subscriber_id + issue) % ? = 0 THEN 'complained' ELSE 'soft-counted' END, ?, ?
     FROM deliveries WHERE issue = ? AND status = 'sent' AND ((subscriber_id + issue) % ? = 0 OR (subscriber_id * 7 + issue) % 800 = 0)`,
    [complaintsEvery, complaintsEvery, complaintsEvery, started, started, issue, complaintsEvery],
  );
  if (last) await unfinish(db, issue, last);
}

async function unfinish(db: Database, issue: number, { pending, uncertain }: { pending: number; uncertain: number }): Promise<void> {
  const ids = await db.all<{ subscriber_id: number }>(`SELECT subscriber_id FROM deliveries WHERE issue = ? AND status = 'sent' ORDER BY subscriber_id DESC LIMIT ?`, [issue, pending + uncertain]);
  for (const [n, { subscriber_id }] of ids.entries()) {
    await db.run(`UPDATE deliveries SET status = ?, sent_at = NULL WHERE issue = ? AND subscriber_id = ?`, [n < pending ? 'queued' : 'uncertain', issue, subscriber_id]);
  }
}
