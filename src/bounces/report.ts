/**
 * `npm run report`: what became of one issue's send, as an aligned table for a person or JSON for a script.
 * Pure: the repository (feedback.db.ts) gathers the numbers.
 */

/** Gmail's and Yahoo's line for bulk senders: spam complaints must stay under 0.3% of delivered mail. */
export const COMPLAINT_RATE_LIMIT = 0.003;

export interface IssueFeedbackReport {
  issue: number;
  /** When the first run of this issue's send started; unsubscribes are counted from then. */
  startedAt: Date;
  /** Messages the mail server accepted. */
  sent: number;
  /** Given up without a bounce (rejected for policy, or too many temporary failures). */
  failed: number;
  /** Refused as "no such address" while sending (5.1.x during the SMTP transaction). */
  hardBouncedDuringSend: number;
  /** Permanent bounces that came back afterwards (DSN mail or SES notifications). */
  hardBouncedLater: number;
  /** Transient bounces reported for this issue. */
  softBounces: number;
  /** Of those, how many were an address's third within 30 days and stopped its mail. */
  softBounceStops: number;
  /** Spam complaints (ARF reports, feedback loops, SES) about this issue. */
  complaints: number;
  /** Recipients of this issue who are unsubscribed now and left after the send started (complaints included). */
  unsubscribes: number;
}

/** Complaints over accepted messages; 0 when nothing was sent. */
export function complaintRate(report: Pick<IssueFeedbackReport, 'complaints' | 'sent'>): number {
  return report.sent === 0 ? 0 : report.complaints / report.sent;
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
const number = (n: number) => n.toLocaleString('en-US');

/** The report as JSON-ready data (dates as ISO strings, the rate as a fraction). */
export function reportJson(report: IssueFeedbackReport) {
  const rate = complaintRate(report);
  return {
    issue: report.issue,
    sendStartedAt: report.startedAt.toISOString(),
    sent: report.sent,
    failed: report.failed,
    bounced: { hard: report.hardBouncedDuringSend + report.hardBouncedLater, hardDuringSend: report.hardBouncedDuringSend, hardLater: report.hardBouncedLater, soft: report.softBounces, softStopped: report.softBounceStops },
    complaints: report.complaints,
    unsubscribes: report.unsubscribes,
    complaintRate: rate,
    complaintRateLimit: COMPLAINT_RATE_LIMIT,
    overComplaintLimit: rate >= COMPLAINT_RATE_LIMIT,
  };
}

/** The report as an aligned table with a verdict on the complaint rate. */
export function reportTable(report: IssueFeedbackReport): string {
  const rate = complaintRate(report);
  const hard = report.hardBouncedDuringSend + report.hardBouncedLater;
  const rows: [string, string, string][] = [
    ['Sent', number(report.sent), ''],
    ['Failed', number(report.failed), ''],
    ['Bounced, hard', number(hard), `${number(report.hardBouncedDuringSend)} during the send, ${number(report.hardBouncedLater)} reported later`],
    ['Bounced, soft', number(report.softBounces), `${number(report.softBounceStops)} address(es) stopped after 3 in 30 days`],
    ['Complaints', number(report.complaints), ''],
    ['Unsubscribes', number(report.unsubscribes), 'since the send started'],
    [
      'Complaint rate',
      percent(rate),
      rate >= COMPLAINT_RATE_LIMIT
        ? `OVER Gmail's ${percent(COMPLAINT_RATE_LIMIT)} line: providers will start filtering this list as spam`
        : `under Gmail's ${percent(COMPLAINT_RATE_LIMIT)} line`,
    ],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = rows.map(([label, value, note]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}${note ? `  ${note}` : ''}`);
  return [`Issue #${report.issue}, send started ${report.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`, ...lines].join('\n');
}
