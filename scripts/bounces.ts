// Entry point for `npm run bounces -- <file.eml|maildir|mbox|imaps://user@host/INBOX|->`; see src/bounces/cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/bounces/cli.ts';

await runCli(() =>
  main(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    now: () => new Date(),
  }),
);
