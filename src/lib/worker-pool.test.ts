/** The worker-pool helper with real threads: results, a task's error, and a thread that dies. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from './worker-pool.ts';

const dir = mkdtempSync(join(tmpdir(), 'totw-worker-pool-'));
const module = (name: string, code: string) => {
  writeFileSync(join(dir, name), code);
  return pathToFileURL(join(dir, name));
};
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createWorkerPool', () => {
  it('runs each task on a thread and gives back its result', async () => {
    const pool = createWorkerPool<number, number>(module('double.mjs', 'export default (n) => n * 2;'), 2);
    try {
      await expect(Promise.all([1, 2, 3, 4].map((n) => pool.run(n)))).resolves.toEqual([2, 4, 6, 8]);
    } finally {
      await pool.close();
    }
  });

  it('rejects a task with the error it threw, and runs the next ones', async () => {
    const pool = createWorkerPool<number, number>(module('picky.mjs', 'export default (n) => { if (n === 2) throw new Error(`no ${n}`); return n; };'), 1);
    try {
      await expect(pool.run(2)).rejects.toThrow('no 2');
      await expect(pool.run(3)).resolves.toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('rejects a task whose thread dies instead of waiting for ever', async () => {
    const pool = createWorkerPool<number, number>(module('dies.mjs', 'export default () => process.exit(3);'), 1);
    try {
      await expect(pool.run(1)).rejects.toThrow();
    } finally {
      await pool.close();
    }
  });
});

describe('the pool threads', () => {
  it.skipIf(process.platform !== 'linux')('run below the priority of the thread that started them', async () => {
    const pool = createWorkerPool<null, number>(module('nice.mjs', "import { getPriority } from 'node:os'; import { readlinkSync } from 'node:fs'; export default () => getPriority(Number(readlinkSync('/proc/thread-self').split('/').at(-1)));"), 1);
    try {
      await expect(pool.run(null)).resolves.toBe(Math.min(19, getPriority() + 10));
    } finally {
      await pool.close();
    }
  });
});
