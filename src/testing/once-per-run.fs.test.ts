import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { oncePerRun } from './once-per-run.fs.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'totw-once-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('oncePerRun', () => {
  it('produces once for callers that ask at the same time and for later ones; all get the same value', async () => {
    let produced = 0;
    let finish!: (value: { n: number }) => void;
    const produce = () => {
      produced += 1;
      return new Promise<{ n: number }>((resolve) => (finish = resolve));
    };
    const first = oncePerRun(dir, 'site', produce);
    const second = oncePerRun(dir, 'site', produce);
    finish({ n: 42 });
    expect(await Promise.all([first, second])).toEqual([{ n: 42 }, { n: 42 }]);
    expect(await oncePerRun(dir, 'site', produce)).toEqual({ n: 42 });
    expect(produced).toBe(1);
    // Another key is produced on its own.
    expect(await oncePerRun(dir, 'other', async () => 'x')).toBe('x');
  });

  it('hands an error thrown while producing to every caller, and does not produce again', async () => {
    let produced = 0;
    const produce = async () => {
      produced += 1;
      throw new Error('the build could not start');
    };
    const callers = [oncePerRun(dir, 'site', produce), oncePerRun(dir, 'site', produce)];
    for (const caller of callers) await expect(caller).rejects.toThrow('the build could not start');
    await expect(oncePerRun(dir, 'site', produce)).rejects.toThrow('the build could not start');
    expect(produced).toBe(1);
  });

  it('says so at once when the process that claimed the work exited without a result', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(join(dir, 'site.lock'));
    writeFileSync(join(dir, 'site.lock/pid'), gone.stdout);
    const started = Date.now();
    await expect(oncePerRun(dir, 'site', async () => 'never')).rejects.toThrow(/site: the test process producing it exited before it finished/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up after its timeout while the producing process is still alive', async () => {
    mkdirSync(join(dir, 'site.lock'));
    writeFileSync(join(dir, 'site.lock/pid'), String(process.pid));
    await expect(oncePerRun(dir, 'site', async () => 'never', { timeoutMs: 300 })).rejects.toThrow(/site: the test process producing it did not finish within 0.3 s/);
  });
});
