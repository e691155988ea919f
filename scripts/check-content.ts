// Validates content/ and prints one line per problem (file:line, field, fix). Exit 1 on problems.
// `astro build` runs the same check itself (src/integrations/content-guard.ts) and stops on a problem.
import { resolve } from 'node:path';
import { CliError } from '../src/cli/errors.ts';
import { runCli } from '../src/cli/run.ts';
import { checkContent } from '../src/integrations/content-guard.ts';

await runCli(() => {
  const report = checkContent(resolve(import.meta.dirname, '..'));
  if (report) throw new CliError(report);
  process.stdout.write('Content check passed.\n');
  return 0;
});
