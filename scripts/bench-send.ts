// Entry point for `npm run bench:send -- --subscribers 10000`; see src/bench/send-bench.ts.
import { main } from '../src/bench/send-bench.ts';

process.exitCode = await main(process.argv.slice(2));
