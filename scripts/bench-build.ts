// Entry point for `npm run bench:build -- --tips 1000`; see src/bench/build-bench.ts.
import { main } from '../src/bench/build-bench.ts';

process.exitCode = await main(process.argv.slice(2));
