/**
 * The build's email-finishing worker thread (started by finishing.fs.ts): juice, html-to-text
 * and the email checks run here, on another core, while the main thread renders pages.
 * Each message is one email; the answer carries the same id, and a failure is sent back as
 * its message, never thrown (an uncaught error would end the worker and every email with it).
 * Its first message, `{ ready: true }`, says its libraries are loaded. It runs at a lower
 * priority than the main thread (src/lib/thread-priority.fs.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runThisThreadInBackground } from '../lib/thread-priority.fs.ts';
import type { CheckResults } from './check-cache.ts';
import { finishAndCheck, type FinishRequest } from './finish-job.ts';

// Pages render on the main thread, and the build waits for them: emails fit in around them.
runThisThreadInBackground();

const { checker, previousChecks } = workerData as { checker: string; previousChecks: CheckResults };

parentPort!.on('message', ({ id, request }: { id: number; request: FinishRequest }) => {
  try {
    parentPort!.postMessage({ id, result: finishAndCheck(request, checker, previousChecks) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

parentPort!.postMessage({ ready: true });
