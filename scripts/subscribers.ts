// Entry point for `npm run subscribers -- <command>`; see src/subscribers/cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/subscribers/cli.ts';

await runCli(() =>
  main(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    now: () => new Date(),
  }),
);
