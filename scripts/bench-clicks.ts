// Entry point for `npm run bench:clicks -- [--connections 50] [--duration 10]`; see src/bench/click-bench.ts.
import { main } from '../src/bench/click-bench.ts';

process.exitCode = await main(process.argv.slice(2));
