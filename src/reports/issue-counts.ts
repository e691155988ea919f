/** Issue reports from the counts the database grouped by issue. Pure. */
import type { IssueFeedbackReport } from './model.ts';

type Count = { issue: number | string; n: number | string };

export interface IssueCounts {
  sends: { issue: number | string; started_at: string }[];
  /** Ledger rows by issue and status. */
  deliveries: (Count & { status: string })[];
  /** Feedback reported after the send (DSN, ARF, SES), by issue, kind, severity and verdict. */
  events: (Count & { kind: string; severity: string | null; verdict: string })[];
  /** Readers unsubscribed now whose last issue before leaving was this one. */
  unsubscribes: Count[];
}

export function issueReports({ sends, deliveries, events, unsubscribes }: IssueCounts): IssueFeedbackReport[] {
  const of = <T extends Count>(rows: T[], issue: number, test: (r: T) => boolean = () => true) =>
    rows.filter((r) => Number(r.issue) === issue && test(r)).reduce((sum, r) => sum + Number(r.n), 0);
  return sends.map(({ issue: key, started_at }) => {
    const issue = Number(key);
    const status = (s: string) => of(deliveries, issue, (r) => r.status === s);
    return {
      issue,
      startedAt: new Date(started_at),
      sent: status('sent'),
      failed: status('failed'),
      hardBouncedDuringSend: status('bounced'),
      hardBouncedLater: of(events, issue, (r) => r.kind === 'bounce' && r.severity === 'permanent'),
      softBounces: of(events, issue, (r) => r.kind === 'bounce' && r.severity === 'transient'),
      softBounceStops: of(events, issue, (r) => r.verdict === 'soft-limit'),
      complaints: of(events, issue, (r) => r.kind === 'complaint'),
      unsubscribes: of(unsubscribes, issue),
    };
  });
}
