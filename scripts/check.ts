// Entry point for `npm run check [-- --links]`; see src/content/check-cli.ts.
import { resolve } from 'node:path';
import { main } from '../src/content/check-cli.ts';

try {
  process.exitCode = await main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), {
    out: (text) => process.stdout.write(text),
    now: () => new Date(),
    fetch: (url, init) => fetch(url, init),
  });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
