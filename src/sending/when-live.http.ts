/** `send --when-live`: the live-page wait wired to real HTTP and real timers. */
import { setTimeout as delay } from 'node:timers/promises';
import type { EmailEntry } from '../email/contract/manifest.ts';
import { untilLive } from './live-wait.ts';
import { issuePageState } from './page-state.http.ts';

interface WhenLiveIo {
  err: (text: string) => void;
  signal: AbortSignal;
  now: () => Date;
}

/** A sleep that ends early, without an error, when the run is stopped. */
const sleep = (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined);

/** Waits up to `waitMs` for the issue's page to show this build's issue; throws (exit 75) when it does not. */
export async function whenLive(entry: Pick<EmailEntry, 'number' | 'webUrl' | 'stamp'>, waitMs: number, io: WhenLiveIo): Promise<void> {
  await untilLive(entry.number, {
    check: () => issuePageState(entry, io.signal),
    waitMs,
    now: () => io.now().getTime(),
    sleep,
    signal: io.signal,
    note: (line) => io.err(`${line}\n`),
  });
  io.err(`Issue #${entry.number} is live at ${entry.webUrl}.\n`);
}
