import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from './errors.ts';
import { explainError } from './run.ts';

describe('explainError', () => {
  it('prints a CliError as its message, with its exit code', () => {
    expect(explainError(new CliError('SMTP_URL is wrong: fix it', 1))).toEqual({ text: 'SMTP_URL is wrong: fix it', exitCode: 1 });
    expect(explainError(new UsageError('--rate must be a number'))).toEqual({ text: '--rate must be a number', exitCode: 2 });
  });
  it('treats an unknown option as a usage error (exit 2)', () => {
    let error: unknown;
    try {
      parseArgs({ args: ['--nope'], options: {} });
    } catch (e) {
      error = e;
    }
    expect(explainError(error)).toEqual({ text: "Unknown option '--nope'. Run the command with --help to see its options.", exitCode: 2 });
  });
  it('prints anything else as a bug, with the stack', () => {
    const { text, exitCode } = explainError(new TypeError('x is undefined'));
    expect(exitCode).toBe(1);
    expect(text).toMatch(/^Unexpected error; this is a bug in Tip of the Week, please report it with the text below\.\nTypeError: x is undefined\n\s+at /);
  });
});
