/**
 * The one way this project runs work on background threads: a piscina pool over a module
 * whose default export handles one task. piscina starts the threads on demand, hands each
 * task to a free thread, and rejects a task with the error it threw or the reason its thread
 * died, so a failure reaches the caller instead of hanging it.
 */
import { availableParallelism } from 'node:os';
import Piscina from 'piscina';

export interface WorkerPool<Task, Result> {
  run(task: Task): Promise<Result>;
  close(): Promise<void>;
}

/**
 * A pool of up to `threads` threads (default: one per core, at most four) running `module`.
 * The threads run 10 steps below normal priority (piscina's niceIncrement): they do the build's
 * side work while pages render, and the rendering thread is the one the build waits for
 * (docs/benchmarks.md). Each thread's young generation is capped at 16 MB: the tasks allocate
 * small, short-lived objects, which a small young generation collects just as well at less
 * memory (docs/benchmarks.md: 1.53-1.62 GiB peak RSS down to 1.29-1.34 GiB at 1,000 tips).
 */
export function createWorkerPool<Task, Result>(module: URL, threads = Math.min(4, availableParallelism())): WorkerPool<Task, Result> {
  const pool = new Piscina<Task, Result>({
    filename: module.href,
    minThreads: 0,
    maxThreads: threads,
    niceIncrement: 10,
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  return { run: (task) => pool.run(task), close: () => pool.destroy() };
}
