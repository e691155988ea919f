// Entry point for `npm run new -- tip "<title>"` / `npm run new -- issue`; see src/content/new-cli.ts.
import { resolve } from 'node:path';
import { main } from '../src/content/new-cli.ts';

try {
  process.exitCode = main(process.argv.slice(2), resolve(import.meta.dirname, '..'), { out: (t) => process.stdout.write(t), now: () => new Date() });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
