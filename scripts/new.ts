// Entry point for `npm run new -- tip "<title>"` / `npm run new -- issue`; see src/content/new-cli.ts.
import { resolve } from 'node:path';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/content/new-cli.ts';

await runCli(() => main(process.argv.slice(2), resolve(import.meta.dirname, '..'), { out: (t) => process.stdout.write(t), now: () => new Date() }));
