// Entry point for `npm run check [-- --links]`; see src/content/check-cli.ts.
import { resolve } from 'node:path';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/content/check-cli.ts';

await runCli(() =>
  main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), {
    out: (text) => process.stdout.write(text),
    now: () => new Date(),
    fetch: (url, init) => fetch(url, init),
  }),
);
