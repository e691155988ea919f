/**
 * Runs one of the project's scripts (scripts/*.ts, or any Node entry point) as its own process
 * (`node <script>`, without the Node options an npm script may add), and collects what it prints:
 * for tests that check a command's exit code and words, feed it stdin, or kill it mid-run. The
 * process gets this process's environment plus `env`; without `input` its stdin is closed from
 * the start. Output is decoded as UTF-8 across chunks.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ScriptOptions {
  /** Working folder (default: this process's). */
  cwd?: string;
  /** Variables added to this process's environment. */
  env?: Record<string, string>;
  /** Written to the script's stdin, which is then closed. */
  input?: string | Buffer;
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr as they arrived, interleaved. */
  output: string;
}

export interface ScriptRun {
  child: ChildProcess;
  /** What it printed so far. */
  stdout: () => string;
  stderr: () => string;
  output: () => string;
  /** Resolves once the process has exited and its output is read to the end. */
  done: Promise<ScriptResult>;
}

/** Starts `node <script> <args…>` and returns at once. */
export function startScript(script: string, args: string[] = [], { cwd, env = {}, input }: ScriptOptions = {}): ScriptRun {
  const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let output = '';
  // A character split across two chunks stays whole.
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (text: string) => {
    stdout += text;
    output += text;
  });
  child.stderr!.on('data', (text: string) => {
    stderr += text;
    output += text;
  });
  if (input !== undefined) {
    // A script that exits without reading all of it: its exit code and output say why.
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input);
  }
  const done = new Promise<ScriptResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, output }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => output, done };
}

/** Runs `node <script> <args…>` to the end. */
export function runScript(script: string, args: string[] = [], options: ScriptOptions = {}): Promise<ScriptResult> {
  return startScript(script, args, options).done;
}

/** Kills (SIGKILL) each of `runs` still running, waits for all to end and empties the list: for a test's afterEach. */
export async function stopScripts(runs: ScriptRun[]): Promise<void> {
  const stopping = runs.splice(0);
  for (const run of stopping) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  await Promise.all(stopping.map((run) => run.done.catch(() => undefined)));
}
