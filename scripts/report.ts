// Entry point for `npm run report`; see src/reports/cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/reports/cli.ts';

await runCli(() => main(process.argv.slice(2), process.env, { out: (text) => process.stdout.write(text) }));
