/**
 * Runs `astro build` as a child process, with Astro's own output and error messages, and
 * reports how it ended. Extra arguments go to Astro (`--timings`, `--force`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface AstroBuildResult {
  /** 0 when every step of the build passed (Astro's build and every integration's hooks). */
  exitCode: number;
  /** Set when the build was stopped by a signal (Ctrl-C). */
  signal?: NodeJS.Signals | undefined;
}

export function runAstroBuild(root: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<AstroBuildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', ...args], { cwd: root, env, stdio: 'inherit' });
    // Ctrl-C reaches Astro too (same process group); this process stays to clean up after it.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    const done = () => process.off('SIGINT', forward).off('SIGTERM', forward);
    child.on('error', (error) => {
      done();
      reject(error);
    });
    child.on('close', (code, signal) => {
      done();
      resolve({ exitCode: code ?? 1, signal: signal ?? undefined });
    });
  });
}
