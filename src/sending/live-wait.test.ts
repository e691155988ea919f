import { describe, expect, it } from 'vitest';
import { CliError } from '../cli/errors.ts';
import { EX_TEMPFAIL, untilLive, type LiveWait } from './live-wait.ts';
import type { PageState } from './page-state.http.ts';

/** A wait on a fake clock that the sleeps move on, with the page's answers in order. */
function fakeWait(answers: PageState[], waitMs: number, signal = new AbortController().signal) {
  let clock = 0;
  const notes: string[] = [];
  const checks: number[] = [];
  const wait: LiveWait = {
    check: async () => {
      checks.push(clock);
      return answers.length > 1 ? answers.shift()! : answers[0]!;
    },
    waitMs,
    now: () => clock,
    sleep: async (ms) => void (clock += ms),
    signal,
    note: (line) => notes.push(line),
  };
  return { wait, notes, checks };
}

const missing: PageState = { live: false, reason: 'https://t.example/issues/9/ answered 404 Not Found' };

describe('untilLive', () => {
  it('goes on at once when the page is live', async () => {
    const { wait, checks } = fakeWait([{ live: true }], 0);
    await untilLive(9, wait);
    expect(checks).toEqual([0]);
  });

  it('without a wait, refuses with exit 75 and one line naming the reason', async () => {
    const { wait } = fakeWait([missing], 0);
    const error = await untilLive(9, wait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EX_TEMPFAIL);
    expect((error as CliError).message).toBe('Issue #9 is not live yet: https://t.example/issues/9/ answered 404 Not Found. Nothing sent; run the same command again once the site is deployed.');
  });

  it('checks again until the page turns live, noting each new reason once', async () => {
    const stale: PageState = { live: false, reason: 'stale' };
    const { wait, notes, checks } = fakeWait([missing, missing, stale, { live: true }], 60_000);
    await untilLive(9, wait);
    expect(checks).toEqual([0, 2000, 4000, 6000]);
    expect(notes).toEqual([
      'Issue #9 is not live yet: https://t.example/issues/9/ answered 404 Not Found. Checking every 2s for up to 1m.',
      'Issue #9 is not live yet: stale. Checking every 2s for up to 56s.',
    ]);
  });

  it('gives up when the wait is over, saying how long it waited', async () => {
    const { wait, checks } = fakeWait([missing], 5000);
    await expect(untilLive(9, wait)).rejects.toThrow('Issue #9 is not live yet after waiting 5s: https://t.example/issues/9/ answered 404 Not Found. Nothing sent;');
    expect(checks).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it('stops waiting when the run is stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    const { wait } = fakeWait([missing], 60_000, stop.signal);
    await expect(untilLive(9, wait)).rejects.toThrow('Issue #9 is not live yet after waiting 1m (stopped):');
  });
});
