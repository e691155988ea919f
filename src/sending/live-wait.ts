/**
 * `--when-live [--wait <time>]`: checks the issue's page until it is live or the wait is over,
 * and refuses (exit 75, EX_TEMPFAIL: "try again later") with one line when it never was.
 * The check, the clock and the sleep are passed in.
 */
import { CliError } from '../cli/errors.ts';
import type { PageState } from './page-state.http.ts';
import { pollInterval, waitText } from './wait-args.ts';

/** sysexits.h EX_TEMPFAIL: nothing wrong, not yet; schedulers and scripts retry later. */
export const EX_TEMPFAIL = 75;

export interface LiveWait {
  /** One look at the page. */
  check: () => Promise<PageState>;
  /** How long to keep checking (0: once). */
  waitMs: number;
  now: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** Progress for the person or the journal, one line each time the reason changes. */
  note: (line: string) => void;
}

/** Resolves once the page is live; throws a CliError with exit code 75 when it is not by the end of the wait. */
export async function untilLive(issue: number, w: LiveWait): Promise<void> {
  const deadline = w.now() + w.waitMs;
  const every = pollInterval(w.waitMs);
  let last = '';
  for (;;) {
    const state = await w.check();
    if (state.live) return;
    const left = deadline - w.now();
    if (left <= 0 || w.signal.aborted) {
      const waited = w.waitMs ? ` after waiting ${waitText(w.waitMs)}` : '';
      const stopped = w.signal.aborted ? ' (stopped)' : '';
      throw new CliError(`Issue #${issue} is not live yet${waited}${stopped}: ${state.reason}. Nothing sent; run the same command again once the site is deployed.`, EX_TEMPFAIL);
    }
    if (state.reason !== last) w.note(`Issue #${issue} is not live yet: ${state.reason}. Checking every ${waitText(every)} for up to ${waitText(left)}.`);
    last = state.reason;
    await w.sleep(Math.min(every, left), w.signal);
  }
}
