/**
 * `npm run report -- --issue <n>`: one issue's send as an aligned table for a person, or JSON for a script.
 * Pure: issue.db.ts gathers the numbers.
 */
import {
  COMPLAINT_RATE_LIMIT,
  COMPLAINT_RATE_TARGET,
  complaintRate,
  pendingAdvice,
  retryUncertainCommand,
  sendComplete,
  type IssueFeedbackReport,
  type SendState,
} from './model.ts';

export { complaintRate, COMPLAINT_RATE_LIMIT, type IssueFeedbackReport };

/** How many uncertain addresses the table lists before it says "and N more". */
export const UNCERTAIN_LISTED = 20;

export const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;
export const number = (n: number) => n.toLocaleString('en-US');

/** The report as JSON-ready data (dates as ISO strings, the rate as a fraction, every uncertain address). */
export function reportJson(report: IssueFeedbackReport, state?: SendState) {
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
    complaintRateTarget: COMPLAINT_RATE_TARGET,
    complaintRateLimit: COMPLAINT_RATE_LIMIT,
    overComplaintLimit: rate >= COMPLAINT_RATE_LIMIT,
    ...(state && { send: sendJson(state) }),
  };
}

function sendJson(state: SendState) {
  const { issue: _issue, ...counts } = state;
  return { ...counts, complete: sendComplete(state) };
}

/** The verdict on a complaint rate against Gmail's target and limit. */
export function complaintVerdict(rate: number): string {
  if (rate >= COMPLAINT_RATE_LIMIT) return `OVER Gmail's ${percent(COMPLAINT_RATE_LIMIT)} limit: providers will start filtering this list as spam`;
  if (rate > COMPLAINT_RATE_TARGET) return `over Gmail's ${percent(COMPLAINT_RATE_TARGET)} target, under its ${percent(COMPLAINT_RATE_LIMIT)} limit`;
  return `under Gmail's ${percent(COMPLAINT_RATE_TARGET)} target`;
}

/** The report as an aligned table with a verdict on the complaint rate, then where the send stands. */
export function reportTable(report: IssueFeedbackReport, state?: SendState): string {
  const rate = complaintRate(report);
  const hard = report.hardBouncedDuringSend + report.hardBouncedLater;
  const rows: [string, string, string][] = [
    ['Sent', number(report.sent), ''],
    ['Failed', number(report.failed), ''],
    ['Bounced, hard', number(hard), `${number(report.hardBouncedDuringSend)} during the send, ${number(report.hardBouncedLater)} reported later`],
    ['Bounced, soft', number(report.softBounces), `${number(report.softBounceStops)} address(es) stopped after 3 in 30 days`],
    ['Complaints', number(report.complaints), ''],
    ['Unsubscribes', number(report.unsubscribes), 'left after this issue, before the next'],
    ['Complaint rate', percent(rate), complaintVerdict(rate)],
  ];
  const labelWidth = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const lines = rows.map(([label, value, note]) => `  ${label.padEnd(labelWidth)}  ${value.padStart(valueWidth)}${note ? `  ${note}` : ''}`);
  const head = `Issue #${report.issue}, send started ${report.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return [head, ...lines, ...(state ? ['', ...sendStateLines(state)] : [])].join('\n');
}

/** Whether the send is complete, and if not, what is left and the command that resolves it. */
export function sendStateLines(state: SendState, listed = UNCERTAIN_LISTED): string[] {
  const handled = state.sent + state.failed + state.bounced + state.skipped;
  if (sendComplete(state)) {
    return [`Send complete: all ${number(state.planned)} planned recipients handled (${number(state.sent)} sent, ${number(state.failed + state.bounced)} failed or bounced, ${number(state.skipped)} skipped).`];
  }
  const lines = [`Send NOT complete: ${number(handled)} of ${number(state.planned)} planned recipients handled, ${number(state.pending)} pending, ${number(state.uncertain)} uncertain.`];
  if (state.pending > 0) lines.push(`  ${number(state.pending)} pending: ${pendingAdvice(state)}`);
  if (state.uncertain > 0) {
    lines.push(`  ${number(state.uncertain)} uncertain (a sender stopped while the server had them; each may or may not have arrived):`);
    for (const address of state.uncertainAddresses.slice(0, listed)) lines.push(`    ${address}`);
    if (state.uncertainAddresses.length > listed) lines.push(`    … and ${number(state.uncertainAddresses.length - listed)} more (--json lists them all)`);
    lines.push(`  To send them again (a reader may get a second copy): \`${retryUncertainCommand(state.issue)}\``);
  }
  return lines;
}
