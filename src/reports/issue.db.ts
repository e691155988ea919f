/** Reads one issue's send for `npm run report`, on SQLite and PostgreSQL alike. Reads only. */
import type { Queryable } from '../db/database.ts';
import type { IssueFeedbackReport, SendState } from './model.ts';

/** The issue whose send started last, or undefined when nothing was ever sent. */
export async function latestSentIssue(db: Queryable): Promise<number | undefined> {
  const row = await db.get<{ issue: number }>('SELECT issue FROM sends ORDER BY started_at DESC, issue DESC LIMIT 1');
  return row ? Number(row.issue) : undefined;
}

/** What happened to an issue's send, or undefined when it was never sent. */
export async function readIssueReport(db: Queryable, issue: number): Promise<IssueFeedbackReport | undefined> {
  const send = await db.get<{ started_at: string }>('SELECT started_at FROM sends WHERE issue = ?', [issue]);
  if (!send) return undefined;
  const deliveries = await deliveryCounts(db, issue);
  // Refusals during the send are in the ledger already (hardBouncedDuringSend): counted once, there.
  const events = await db.all<{ kind: string; severity: string | null; verdict: string; n: number }>(
    `SELECT kind, severity, verdict, COUNT(*) AS n FROM feedback_events WHERE issue = ? AND source NOT IN ('send', 'outbox') GROUP BY kind, severity, verdict`,
    [issue],
  );
  const count = (test: (r: (typeof events)[number]) => boolean) => events.filter(test).reduce((sum, r) => sum + Number(r.n), 0);
  const unsubscribed = await db.get<{ n: number }>(
    `SELECT COUNT(*) AS n FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id AND d.issue = ?
     WHERE d.status = 'sent' AND s.status = 'unsubscribed' AND s.unsubscribed_at >= (SELECT started_at FROM sends WHERE issue = ?)`,
    [issue, issue],
  );
  return {
    issue,
    startedAt: new Date(send.started_at),
    sent: deliveries.get('sent') ?? 0,
    failed: deliveries.get('failed') ?? 0,
    hardBouncedDuringSend: deliveries.get('bounced') ?? 0,
    hardBouncedLater: count((r) => r.kind === 'bounce' && r.severity === 'permanent'),
    softBounces: count((r) => r.kind === 'bounce' && r.severity === 'transient'),
    softBounceStops: count((r) => r.verdict === 'soft-limit'),
    complaints: count((r) => r.kind === 'complaint'),
    unsubscribes: Number(unsubscribed?.n ?? 0),
  };
}

/** Where an issue's send stands, or undefined when it was never sent. */
export async function readSendState(db: Queryable, issue: number): Promise<SendState | undefined> {
  const send = await db.get<{ status: SendState['status'] }>('SELECT status FROM sends WHERE issue = ?', [issue]);
  if (!send) return undefined;
  const d = await deliveryCounts(db, issue);
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

async function deliveryCounts(db: Queryable, issue: number): Promise<Map<string, number>> {
  const rows = await db.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries WHERE issue = ? GROUP BY status', [issue]);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}
