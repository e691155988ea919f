// Entry point for `npm run import -- <wordpress|subscribers> …`; see src/import/cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/import/cli.ts';

await runCli(() =>
  main(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: () => new Date(),
  }),
);
