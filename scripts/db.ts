// Entry point for `npm run db -- migrate | status | copy`; see src/db/cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/db/cli.ts';

await runCli(() => main(process.argv.slice(2), process.env, { out: (text) => process.stdout.write(text) }));
