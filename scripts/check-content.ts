// Validates content/ and prints one line per problem (file, field, fix). Exit 1 on problems.
// Runs before `astro build` so a bad file stops the build with a readable report.
import { resolve } from 'node:path';
import { checkContent } from '../src/integrations/content-guard.ts';

const report = checkContent(resolve(import.meta.dirname, '..'));
if (report) {
  process.stderr.write(`${report}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write('Content check passed.\n');
}
