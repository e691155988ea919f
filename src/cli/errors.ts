/**
 * The one error type a person is meant to read. Anything that is a user's or operator's
 * mistake (bad argument, missing setting, unreachable server) is a CliError with a message
 * that says what happened, why, and what to do; `runCli` prints it without a stack trace and
 * exits with `exitCode`. Any other error is a bug in our code and is printed with its stack.
 */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** Something failed; the message says what. */
  failed: 1,
  /** The command line was wrong: unknown option, missing argument. */
  usage: 2,
} as const;

/** A command-line mistake: exits 2, like every Unix tool. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
