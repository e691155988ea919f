import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_STEPS } from './thread-priority.fs.ts';

/** A process's nice value, as the kernel reports it (field 19 of /proc/<pid>/stat). */
const niceOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);

// Runs in a worker: lowers that thread, starts a child process from it, reports both.
const workerCode = `
  import { parentPort } from 'node:worker_threads';
  import { spawn } from 'node:child_process';
  import { getPriority } from 'node:os';
  const { runThisThreadInBackground, threadId } = await import(${JSON.stringify(new URL('./thread-priority.fs.ts', import.meta.url).href)});
  const before = getPriority(threadId());
  const after = runThisThreadInBackground();
  const child = spawn('sleep', ['30']);
  parentPort.postMessage({ before, after, tid: threadId(), child: child.pid });
  parentPort.once('message', () => { child.kill(); process.exit(0); });
`;

describe.runIf(process.platform === 'linux')('runThisThreadInBackground', () => {
  it('lowers the calling thread alone, and processes it starts inherit the lower priority', async () => {
    const main = getPriority(0);
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(workerCode)}`));
    try {
      const report = await new Promise<{ before: number; after: number; tid: number; child: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(report.before).toBe(main);
      expect(report.after).toBe(Math.min(19, main + BACKGROUND_STEPS));
      expect(getPriority(report.tid)).toBe(report.after);
      expect(niceOf(report.child)).toBe(report.after);
      // The main thread, which renders the pages, keeps its priority.
      expect(getPriority(0)).toBe(main);
      expect(niceOf(process.pid)).toBe(main);
    } finally {
      worker.postMessage('done');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  });

  it('never raises a priority: a thread already as low as it goes stays there', async () => {
    // `nice -n 19` starts node at the lowest priority; lowering it again must not fail or change it.
    const code = `import('${new URL('./thread-priority.fs.ts', import.meta.url).href}').then((m) => console.log(m.runThisThreadInBackground()))`;
    const child = spawn('nice', ['-n', '19', process.execPath, '--input-type=module', '-e', code]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exitCode = await new Promise((resolve) => child.once('close', resolve));
    expect(exitCode).toBe(0);
    expect(out.trim()).toBe('19');
  });
});
