// Entry point for `npm run report -- --issue <number> [--json]`; see src/bounces/report-cli.ts.
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/bounces/report-cli.ts';

await runCli(() => main(process.argv.slice(2), process.env, { out: (text) => process.stdout.write(text) }));
