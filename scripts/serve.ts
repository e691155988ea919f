// Entry point for `npm run serve` (and `npm start` after building); see src/server/serve-cli.ts.
import { resolve } from 'node:path';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/server/serve-cli.ts';

await runCli(async () => {
  const server = await main(process.env, resolve(import.meta.dirname, '..'), (line) => console.log(line));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('Stopping: finishing the requests in progress...');
      void server.close().then(() => process.exit(0));
    });
  }
  return 0;
});
// A server that did not start exits now, whatever it had begun (a module it imported may hold the event loop).
if (process.exitCode) process.exit();
