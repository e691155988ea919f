// Entry point for `npm run send -- --issue <number|latest|due>`; see src/sending/cli.ts.
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { runCli } from '../src/cli/run.ts';
import { main } from '../src/sending/cli.ts';

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write('\nStopping: finishing the messages in flight and recording them (press Ctrl-C again to quit at once)...\n');
    controller.abort();
  });
}

await runCli(() =>
  main(process.argv.slice(2), process.env, resolve(import.meta.dirname, '..'), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
    confirm: async (question) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question(question);
      rl.close();
      return /^y(es)?$/i.test(answer.trim());
    },
    signal: controller.signal,
    now: () => new Date(),
  }),
);
