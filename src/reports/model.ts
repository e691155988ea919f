/**
 * What `npm run report` shows, as plain data: one issue's send and feedback, and the publication over time.
 * Pure: the `.db.ts` files fill these in, `issue-text.ts` and `page.ts` turn them into text and HTML.
 */

/** Gmail's target for bulk senders: keep spam complaints under 0.1% of delivered mail. */
export const COMPLAINT_RATE_TARGET = 0.001;
/** Gmail's and Yahoo's limit for bulk senders: at 0.3% of delivered mail, providers start filtering the list. */
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
  /** Recipients of this issue, unsubscribed now, for whom it was the last issue before they left (complaints included). */
  unsubscribes: number;
}

/** Where one issue's send stands: every planned recipient handled, or some still pending or uncertain. */
export interface SendState {
  issue: number;
  /** The sends table's status: a sender is running, it finished, or it was stopped. */
  status: 'running' | 'complete' | 'stopped';
  /** Recipients planned for this issue (ledger rows). */
  planned: number;
  /** Accepted by the mail server. */
  sent: number;
  /** Given up (policy rejection or too many temporary failures). */
  failed: number;
  /** Refused during the send as a gone address. */
  bounced: number;
  /** Unsubscribed between planning and their turn: not sent, on purpose. */
  skipped: number;
  /** Queued or being sent: a run of the same command sends them. */
  pending: number;
  /** Handed over when a sender died or a connection dropped before the reply: maybe delivered, not re-sent. */
  uncertain: number;
  /** Addresses of the uncertain messages, oldest first. */
  uncertainAddresses: string[];
}

/** A send is complete when nothing is pending and nothing is uncertain. */
export const sendComplete = (s: Pick<SendState, 'pending' | 'uncertain'>): boolean => s.pending === 0 && s.uncertain === 0;

/** The command that resumes a send's pending messages. */
export const resumeCommand = (issue: number) => `npm run send -- --issue ${issue}`;
/** The command that sends the uncertain messages again (the reader may get a second copy). */
export const retryUncertainCommand = (issue: number) => `npm run send -- --issue ${issue} --retry-uncertain`;

/** What to do about pending messages: wait for the running sender, or resume. */
export const pendingAdvice = (s: Pick<SendState, 'issue' | 'status'>) =>
  s.status === 'running'
    ? `a sender is working on them; if none is running any more, \`${resumeCommand(s.issue)}\` resumes the send.`
    : `run \`${resumeCommand(s.issue)}\` to send them.`;

/** Complaints over accepted messages; 0 when nothing was sent. */
export function complaintRate(report: Pick<IssueFeedbackReport, 'complaints' | 'sent'>): number {
  return report.sent === 0 ? 0 : report.complaints / report.sent;
}
