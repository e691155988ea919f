/**
 * The one top-level catch every script uses: a CliError is printed as its message and
 * exits with its code; a bad command line exits 2; anything else is a bug in our code and
 * is printed with its stack, so it can be reported. Output into a pipe whose reader has
 * gone (`npm run subscribers -- list | head`) is not an error either: see quietOnClosedPipe.
 */
import { CliError, EXIT } from './errors.ts';

export interface ErrorOutput {
  write: (text: string) => unknown;
}

/** Maps an error to what the person sees and the exit code. Pure, for tests. */
export function explainError(error: unknown): { text: string; exitCode: number } {
  if (error instanceof CliError) return { text: error.message, exitCode: error.exitCode };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return { text: `${(error as Error).message}. Run the command with --help to see its options.`, exitCode: EXIT.usage };
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { text: `Unexpected error; this is a bug in Tip of the Week, please report it with the text below.\n${stack}`, exitCode: EXIT.failed };
}

const watched = new WeakSet<NodeJS.EventEmitter>();

/**
 * When the reader of a pipe goes away (`| head` has its lines), writing to it fails with
 * EPIPE, which Node raises as an unhandled 'error' event: a stack trace and exit code 1 for
 * output nobody wanted. Here that error is taken as "nobody is reading": later writes go
 * nowhere, and the command finishes its work and exits as it would have (a send keeps
 * sending; what it did is in the database). Any other error on the stream is still thrown.
 */
export function quietOnClosedPipe(stream: NodeJS.EventEmitter): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** Runs a command's main and sets the process exit code from its result or its error. */
export async function runCli(main: () => number | Promise<number>, stderr: ErrorOutput = process.stderr): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  try {
    process.exitCode = await main();
  } catch (error) {
    const { text, exitCode } = explainError(error);
    stderr.write(`${text}\n`);
    process.exitCode = exitCode;
  }
}
