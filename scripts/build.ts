// Entry point for `npm run build [-- --timings]`; see src/build/cli.ts.
import { resolve } from 'node:path';
import { runAstroBuild } from '../src/build/astro-build.fs.ts';
import { main } from '../src/build/cli.ts';
import { runCli } from '../src/cli/run.ts';

const root = resolve(import.meta.dirname, '..');
await runCli(() =>
  main(process.argv.slice(2), root, {
    out: (text) => process.stdout.write(text),
    now: () => new Date(),
    astroBuild: (args) => runAstroBuild(root, args, process.env),
  }),
);
