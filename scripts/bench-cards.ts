// Entry point for `npm run bench:cards`; see src/bench/card-bench.ts.
import { main } from '../src/bench/card-bench.ts';

process.exitCode = await main(process.argv.slice(2));
