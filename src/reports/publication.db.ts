/**
 * Gathers the publication report from the database (SQLite or PostgreSQL) and the optional sources.
 * Reads only; every query groups in the database, so the work is one pass per table whatever the size.
 */
import type { Database, Queryable } from '../db/database.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import { latestSentIssue, readIssueReport, readSendState } from './issue.db.ts';
import type { IssueFeedbackReport } from './model.ts';
import type { PublicationReport } from './publication.ts';
import type { ReportSources } from './sources.ts';
import { subscriberWeeks, weekEnds, withPaused, type StateChange } from './weeks.ts';

export async function readPublicationReport(db: Database, sources: ReportSources, now: Date): Promise<PublicationReport> {
  let subscribers = subscriberWeeks(await readStateChanges(db), now);
  if (sources.pausedAt && subscribers.length > 0) subscribers = withPaused(subscribers, await sources.pausedAt(weekEnds(subscribers)));
  const issues = await readIssues(db);
  const clicks = sources.pickClicks ? await Promise.all(issues.map((i) => sources.pickClicks!(i.issue))) : undefined;
  const outbox = createOutbox(db);
  const last = await latestSentIssue(db);
  return {
    at: now,
    database: db.describe(),
    subscribers,
    issues,
    ...(clicks && { clicks }),
    outbox: { counts: await outbox.counts(), ...(await outbox.backlog(now)) },
    ...(last !== undefined && { lastSend: await readSendState(db, last) }),
  };
}

/** Every sent issue's report, by issue number. */
async function readIssues(db: Queryable): Promise<IssueFeedbackReport[]> {
  const sends = await db.all<{ issue: number }>('SELECT issue FROM sends ORDER BY issue');
  const reports: IssueFeedbackReport[] = [];
  for (const { issue } of sends) reports.push((await readIssueReport(db, Number(issue)))!);
  return reports;
}

/** The days readers signed up, confirmed, unsubscribed or bounced, counted per day and change. */
export async function readStateChanges(db: Database): Promise<StateChange[]> {
  const day = (column: string) => (db.engine === 'postgres' ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')` : `substr(${column}, 1, 10)`);
  const rows = await db.all<{ day: string; from_state: StateChange['from']; to_state: StateChange['to']; n: number }>(
    `WITH s AS (
       SELECT status, signup_at, confirmed_at,
              COALESCE(CASE status WHEN 'unsubscribed' THEN unsubscribed_at WHEN 'bounced' THEN bounced_at END, updated_at) AS end_at
       FROM subscribers)
     SELECT ${day('signup_at')} AS day, NULL AS from_state, 'pending' AS to_state, COUNT(*) AS n FROM s GROUP BY 1, 2, 3
     UNION ALL
     SELECT ${day('confirmed_at')}, 'pending', 'confirmed', COUNT(*) FROM s
       WHERE confirmed_at IS NOT NULL AND (status = 'confirmed' OR (status <> 'pending' AND confirmed_at <= end_at)) GROUP BY 1, 2, 3
     UNION ALL
     SELECT ${day('end_at')}, CASE WHEN confirmed_at IS NOT NULL AND confirmed_at <= end_at THEN 'confirmed' ELSE 'pending' END, status, COUNT(*) FROM s
       WHERE status IN ('unsubscribed', 'bounced') GROUP BY 1, 2, 3`,
  );
  return rows.map((r) => ({ day: r.day, from: r.from_state, to: r.to_state, count: Number(r.n) }));
}
