/** Runs `astro dev` for a staged project on a free loopback port, for tests of what editors see while writing. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { vi } from 'vitest';
import { freePort } from './app-server.fs.ts';

export interface DevServer {
  url: string;
  /** Everything the dev server printed so far. */
  logs: () => string;
  stop: () => Promise<void>;
}

const withoutTestRunner = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST')));

export async function startDevServer(root: string): Promise<DevServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: root,
    // Not vitest's variables: NODE_ENV=test and VITEST would make astro dev behave unlike an editor's.
    // HOST and PORT as the flags say: the dev server's own address, which its sign-up handlers use.
    env: { ...withoutTestRunner(process.env), HOST: '127.0.0.1', PORT: String(port), ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.on('error', (error) => (output += `\n${error.message}\n`));
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const state = await vi.waitFor(
    async () => {
      if (child.exitCode !== null) return 'exited';
      // Anything that answers: the dev server is listening (a page may still be compiling).
      await fetch(`${url}/`).catch(() => {
        throw new Error(`astro dev did not start in 60 s:\n${output}`);
      });
      return 'listening';
    },
    { timeout: 60_000, interval: 100 },
  );
  if (state === 'exited') throw new Error(`astro dev exited with ${child.exitCode}:\n${output}`);
  return {
    url,
    logs: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
