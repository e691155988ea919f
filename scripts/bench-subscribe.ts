// Entry point for `npm run bench:subscribe`; see src/bench/subscribe-bench.ts.
import { main } from '../src/bench/subscribe-bench.ts';

process.exitCode = await main(process.argv.slice(2));
