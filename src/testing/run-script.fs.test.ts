import { describe, expect, it } from 'vitest';
import { runScript, startScript, stopScripts } from './run-script.fs.ts';

// `node -e <code>`: the script is the option, its code the first argument.
describe('runScript', () => {
  it('collects stdout, stderr and both together, with the exit code and the environment given', async () => {
    const code = "process.stdout.write('out1 '); process.stderr.write('err ' + process.env.TOTW_X); process.stdout.write(' out2'); process.exitCode = 3;";
    const result = await runScript('-e', [code], { env: { TOTW_X: 'x' } });
    expect(result).toMatchObject({ code: 3, signal: null, stdout: 'out1  out2', stderr: 'err x' });
    // Two pipes: the order between them is the order of arrival, not guaranteed to be the order of writing.
    expect(result.output.length).toBe('out1  out2err x'.length);
    for (const part of ['out1 ', 'err x', ' out2']) expect(result.output).toContain(part);
  });

  it('writes `input` to stdin and closes it; without it, stdin is closed from the start', async () => {
    const echo = "let s = ''; process.stdin.on('data', (c) => (s += c)).on('end', () => process.stdout.write(s.toUpperCase()));";
    expect((await runScript('-e', [echo], { input: 'mail\n' })).stdout).toBe('MAIL\n');
    expect(await runScript('-e', [echo])).toMatchObject({ code: 0, stdout: '' });
  });

  it('reports the signal of a process killed mid-run', async () => {
    // It would end by itself after a minute, should the test fail before the kill.
    const run = startScript('-e', ["process.stdout.write('ready'); setTimeout(() => undefined, 60_000);"]);
    try {
      await expect.poll(() => run.stdout(), { timeout: 10_000 }).toBe('ready');
    } finally {
      run.child.kill('SIGKILL');
    }
    expect(await run.done).toMatchObject({ code: null, signal: 'SIGKILL', output: 'ready' });
  });

  it('stopScripts kills the runs still going, waits for them and empties the list', async () => {
    const ended = startScript('-e', ['']);
    await ended.done;
    const going = startScript('-e', ['setTimeout(() => undefined, 60_000);']);
    const runs = [ended, going];
    await stopScripts(runs);
    expect(runs).toEqual([]);
    expect(going.child.signalCode).toBe('SIGKILL');
    expect((await ended.done).code).toBe(0);
  });
});
