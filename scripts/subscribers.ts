// Entry point for `npm run subscribers -- <command>`; see src/subscribers/cli.ts.
import { main, UsageError } from '../src/subscribers/cli.ts';

try {
  process.exitCode = main(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: () => new Date(),
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
