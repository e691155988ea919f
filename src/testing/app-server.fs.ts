/** Starts the built site's Node server (scripts/serve.ts) in a child process on a free loopback port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface AppServer {
  url: string;
  /** The server process, e.g. to read its memory from /proc. */
  pid: number;
  logs: () => string;
  stop: () => Promise<void>;
  /** Ends the process with `signal` (SIGKILL: a crash, nothing is flushed or closed) and waits for it to exit. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

export async function startAppServer(root: string, env: Record<string, string>): Promise<AppServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, 'scripts/serve.ts')], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), SITE_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  // A loop of its own, not vi.waitFor: the sign-up benchmark starts servers with this outside vitest, where vi cannot run.
  // Generous: a passing start takes a second or two, but a first start (no compile cache yet) on a loaded 2-core machine took over 20 s once.
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`server did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    logs: () => output,
    stop: () => kill('SIGTERM'),
    kill,
  };
}
