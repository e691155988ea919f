// Entry point for `npm run email:preview -- <issue number|latest>`; see src/email/preview-cli.ts.
import { resolve } from 'node:path';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/email/preview-cli.ts';

await runCli(() => main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), { out: (text) => process.stdout.write(text), now: () => new Date() }));
