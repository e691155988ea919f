// Entry point for `npm run import -- <wordpress|subscribers> …`; see src/import/cli.ts.
import { resolve } from 'node:path';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/import/cli.ts';

await runCli(() =>
  main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: () => new Date(),
  }),
);
