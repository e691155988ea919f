/** Reads issues' sends for `npm run report`, on SQLite and PostgreSQL alike. Reads only. */
import type { Queryable } from '../db/database.ts';
import { issueReports, type IssueCounts } from './issue-counts.ts';
import type { IssueFeedbackReport, SendState } from './model.ts';

/** The issue whose send started last, or undefined when nothing was ever sent. */
export async function latestSentIssue(db: Queryable): Promise<number | undefined> {
  const row = await db.get<{ issue: number }>('SELECT issue FROM sends ORDER BY started_at DESC, issue DESC LIMIT 1');
  return row ? Number(row.issue) : undefined;
}

/** What happened to an issue's send, or undefined when it was never sent. */
export async function readIssueReport(db: Queryable, issue: number): Promise<IssueFeedbackReport | undefined> {
  return (await readIssueReports(db, issue))[0];
}

/**
 * Every sent issue's report by issue number, or only `issue`'s. Each table is read once, grouped by issue,
 * whatever the number of issues: the ledger through its (issue, status) index, the unsubscribed readers
 * through the status index.
 */
export async function readIssueReports(db: Queryable, issue?: number): Promise<IssueFeedbackReport[]> {
  const only = (column: string) => (issue === undefined ? '' : ` AND ${column} = ?`);
  const params = issue === undefined ? [] : [issue];
  const counts: IssueCounts = {
    sends: await db.all(`SELECT issue, started_at FROM sends WHERE 1 = 1${only('issue')} ORDER BY issue`, params),
    deliveries: await db.all(`SELECT issue, status, COUNT(*) AS n FROM deliveries WHERE 1 = 1${only('issue')} GROUP BY issue, status`, params),
    // Refusals during the send are in the ledger already (hardBouncedDuringSend): counted once, there.
    events: await db.all(
      `SELECT issue, kind, severity, verdict, COUNT(*) AS n FROM feedback_events WHERE issue IS NOT NULL AND source NOT IN ('send', 'outbox')${only('issue')} GROUP BY issue, kind, severity, verdict`,
      params,
    ),
    // An unsubscribe belongs to the last issue the reader was sent before leaving: each unsubscribed reader
    // (status index) finds that send, then one ledger row by its key.
    unsubscribes: await db.all(
      `SELECT u.issue, COUNT(*) AS n FROM (
         SELECT s.id, (SELECT x.issue FROM sends x WHERE x.started_at <= s.unsubscribed_at ORDER BY x.started_at DESC LIMIT 1) AS issue
         FROM subscribers s WHERE s.status = 'unsubscribed') u
       WHERE u.issue IS NOT NULL${only('u.issue')} AND EXISTS (SELECT 1 FROM deliveries d WHERE d.issue = u.issue AND d.subscriber_id = u.id AND d.status = 'sent')
       GROUP BY u.issue`,
      params,
    ),
  };
  return issueReports(counts);
}

/** Where an issue's send stands, or undefined when it was never sent. */
export async function readSendState(db: Queryable, issue: number): Promise<SendState | undefined> {
  const send = await db.get<{ status: SendState['status'] }>('SELECT status FROM sends WHERE issue = ?', [issue]);
  if (!send) return undefined;
  const rows = await db.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE issue = ? GROUP BY status', [issue]);
  const d = new Map(rows.map((r) => [r.status, Number(r.n)]));
  const uncertain = await db.all<{ email: string }>(`SELECT email FROM deliveries WHERE issue = ? AND status = 'uncertain' ORDER BY updated_at, email`, [issue]);
  const n = (status: string) => d.get(status) ?? 0;
  return {
    issue,
    status: send.status,
    planned: [...d.values()].reduce((a, b) => a + b, 0),
    sent: n('sent'),
    failed: n('failed'),
    bounced: n('bounced'),
    skipped: n('skipped'),
    pending: n('queued') + n('sending'),
    uncertain: n('uncertain'),
    uncertainAddresses: uncertain.map((r) => r.email),
  };
}
