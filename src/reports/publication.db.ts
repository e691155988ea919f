/**
 * Gathers the publication report from the database (SQLite or PostgreSQL) and the optional sources.
 * Reads only; every query groups in the database, so the work is one pass per table whatever the size.
 */
import type { Database } from '../db/database.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import { latestSentIssue, readIssueReports, readSendState } from './issue.db.ts';
import type { PublicationReport } from './publication.ts';
import type { ReportSources } from './sources.ts';
import { stateChanges, subscriberWeeks, type ReaderDays } from './weeks.ts';

export async function readPublicationReport(db: Database, sources: ReportSources, now: Date): Promise<PublicationReport> {
  const subscribers = subscriberWeeks(stateChanges(await readReaderDays(db)), now);
  const pausedNow = sources.pausedNow ? await sources.pausedNow(now) : undefined;
  const issues = await readIssueReports(db);
  const clicks = sources.pickClicks ? await Promise.all(issues.map((i) => sources.pickClicks!(i.issue))) : undefined;
  const outbox = createOutbox(db);
  const last = await latestSentIssue(db);
  return {
    at: now,
    database: db.describe(),
    subscribers,
    ...(pausedNow !== undefined && { pausedNow }),
    issues,
    ...(clicks && { clicks }),
    outbox: { counts: await outbox.counts(), ...(await outbox.backlog(now)) },
    ...(last !== undefined && { lastSend: await readSendState(db, last) }),
  };
}

/** Readers counted by status and by the days they signed up, confirmed and left: one pass over the table. */
export async function readReaderDays(db: Database): Promise<ReaderDays[]> {
  const day = (column: string) => (db.engine === 'postgres' ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `substr(${column}, 1, 10)`);
  const rows = await db.all<{ status: ReaderDays['status']; signup: string; confirmed: string | null; left_on: string | null; n: number }>(
    `SELECT status, ${day('signup_at')} AS signup, ${day('confirmed_at')} AS confirmed,
            ${day(`CASE status WHEN 'unsubscribed' THEN COALESCE(unsubscribed_at, updated_at) WHEN 'bounced' THEN COALESCE(bounced_at, updated_at) END`)} AS left_on, COUNT(*) AS n
     FROM subscribers GROUP BY 1, 2, 3, 4`,
  );
  return rows.map((r) => ({ status: r.status, signup: r.signup, confirmed: r.confirmed, left: r.left_on, count: Number(r.n) }));
}
