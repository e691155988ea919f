/**
 * Background threads of the build (email finishing, the search index, and Pagefind's process,
 * which inherits its parent thread's priority) give way to the thread that renders pages. On a
 * machine with two cores every thread of the build competes for them while pages render, and
 * the rendering thread is the one the build waits for: the helpers' work fits in around it and
 * after it. Measured in docs/benchmarks.md.
 *
 * Linux keeps a nice value per thread, so this lowers the calling thread alone. Elsewhere
 * (macOS, Windows) a process has one priority, so nothing changes there.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How many steps lower than it was (nice values run from -20 to 19, higher is lower priority). */
export const BACKGROUND_STEPS = 10;
const LOWEST = 19;

/** The calling thread's id on Linux (the process id for the main thread). */
export function threadId(): number {
  return Number(readlinkSync('/proc/thread-self').split('/').at(-1));
}

/**
 * Lowers the calling thread's priority by BACKGROUND_STEPS (never raises it: a build started
 * with `nice` stays at least that nice). Returns the thread's nice value afterwards, or
 * undefined where threads have no priority of their own.
 */
export function runThisThreadInBackground(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const tid = threadId();
    const nice = Math.min(LOWEST, getPriority(tid) + BACKGROUND_STEPS);
    if (nice > getPriority(tid)) setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    // A kernel without /proc or a sandbox that forbids it: the build is only slower, not wrong.
    return undefined;
  }
}
