/**
 * Work done once per test run however many test files (in however many worker processes) ask
 * for it: the first caller claims `key` in the run's folder and produces the value; the others
 * wait for its result. The value must survive JSON; an error thrown while producing it reaches
 * every caller.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface OncePerRunOptions {
  /** How long a caller waits for another process's result; keep it below vitest's hookTimeout. */
  timeoutMs?: number;
}

export async function oncePerRun<T>(dir: string, key: string, produce: () => Promise<T>, { timeoutMs = 280_000 }: OncePerRunOptions = {}): Promise<T> {
  const resultFile = join(dir, `${key}.json`);
  const lock = join(dir, `${key}.lock`);
  const outcome = claim(lock) ? await produceAndRecord(resultFile, produce) : await waitForResult<T>(resultFile, lock, key, timeoutMs);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.value;
}

async function produceAndRecord<T>(resultFile: string, produce: () => Promise<T>): Promise<Outcome<T>> {
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: await produce() };
  } catch (error) {
    outcome = { ok: false, error: (error as Error).stack ?? String(error) };
  }
  // Written whole and renamed into place, so a waiting process never reads half a result.
  writeFileSync(`${resultFile}.partial`, JSON.stringify(outcome));
  renameSync(`${resultFile}.partial`, resultFile);
  return outcome;
}

async function waitForResult<T>(resultFile: string, lock: string, key: string, timeoutMs: number): Promise<Outcome<T>> {
  const state = await vi.waitFor(
    () => {
      if (existsSync(resultFile)) return 'done';
      if (!ownerAlive(lock)) return 'abandoned';
      throw new Error(`${key}: the test process producing it did not finish within ${timeoutMs / 1000} s.`);
    },
    { timeout: timeoutMs, interval: 100 },
  );
  if (state === 'abandoned') {
    throw new Error(`${key}: the test process producing it exited before it finished; that test file's errors say why. Fix that, then run the tests again.`);
  }
  return JSON.parse(readFileSync(resultFile, 'utf8')) as Outcome<T>;
}

/** Takes `lock` for this process; false when another caller already has it. */
function claim(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return true;
}

function ownerAlive(lock: string): boolean {
  const pidFile = join(lock, 'pid');
  // The lock is taken a moment before its pid is written.
  if (!existsSync(pidFile)) return true;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
