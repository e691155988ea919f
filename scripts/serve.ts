// Entry point for `npm run serve` (and `npm start` after building); see src/server/serve-cli.ts.
import { resolve } from 'node:path';
import { main } from '../src/server/serve-cli.ts';

try {
  await main(process.env, resolve(import.meta.dirname, '..'), (line) => console.log(line));
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
