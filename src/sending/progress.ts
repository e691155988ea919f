/** Progress and summary text for the send command. Pure. */
import type { Progress, SendSummary } from './send.ts';

const rate = (count: number, ms: number) => (ms > 0 ? (count / ms) * 1000 : 0);

export function progressBar({ done, total, sent, elapsedMs }: Progress, width = 28): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(share * width);
  const perSecond = rate(done, elapsedMs);
  const eta = perSecond > 0 ? Math.ceil((total - done) / perSecond) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} (${sent} sent) ${perSecond.toFixed(1)}/s ETA ${eta}s`;
}

export function progressLine(p: Progress): string {
  return `${p.done} of ${p.total} processed, ${p.sent} sent, ${rate(p.done, p.elapsedMs).toFixed(1)} messages/s`;
}

export function summaryText(s: SendSummary, command: string): string {
  const l = s.ledger;
  const lines = [
    `Issue #${s.issue}: ${s.run.sent} sent, ${s.run.failed} failed, ${s.run.bounced} bounced, ${s.run.skipped} skipped (unsubscribed meanwhile) by this sender in ${(s.durationMs / 1000).toFixed(1)} s (${rate(s.run.sent, s.durationMs).toFixed(1)} messages/s).`,
    `Whole send so far (every sender and run): ${l.sent} sent, ${l.failed} failed, ${l.bounced} bounced, ${l.skipped} skipped, ${l.uncertain} uncertain, ${l.queued + l.sending} still pending.`,
  ];
  if (s.recovered.inFlight > 0) {
    lines.push(
      s.recovered.requeued > 0
        ? `${s.recovered.inFlight} message(s) were in flight when a sender stopped (this or another one); --retry-uncertain queued them again.`
        : `${s.recovered.inFlight} message(s) were in flight when a sender stopped (this or another one): the server may or may not have accepted them, so they are marked uncertain and not re-sent. Add --retry-uncertain to send them again.`,
    );
  }
  if (s.run.uncertain > 0) {
    lines.push(
      `${s.run.uncertain} message(s) lost their connection after being handed over in full and before the server answered: it may have accepted them, so they are marked uncertain and not re-sent. Add --retry-uncertain to a later run to send them again.`,
    );
  }
  if (s.stopped) lines.push(s.stopped.message);
  if (!s.complete) lines.push(`${l.queued + l.sending} message(s) are still pending. Run the same command again to resume: ${command}`);
  else lines.push('Done: every confirmed subscriber has been handled. Running the command again sends nothing.');
  return lines.join('\n');
}

/** Progress on a terminal (a bar redrawn in place) or in a log (a line every few seconds). */
export function progressReporter(io: { err: (text: string) => void; isTTY: boolean }, clock: () => number, everyMs = 5000) {
  let lastLine = -Infinity;
  return (p: Progress) => {
    if (io.isTTY) io.err(`\r${progressBar(p)}`);
    else if (clock() - lastLine >= everyMs || p.done === p.total) {
      lastLine = clock();
      io.err(`${progressLine(p)}\n`);
    }
  };
}
