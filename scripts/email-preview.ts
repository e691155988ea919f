// Entry point for `npm run email:preview -- <issue number|latest>`; see src/email/preview-cli.ts.
import { resolve } from 'node:path';
import { main } from '../src/email/preview-cli.ts';

try {
  process.exitCode = await main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
