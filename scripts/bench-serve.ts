// Entry point for `npm run bench:serve -- --tips 1000 [--baseline <checkout>]`; see src/bench/serve-bench.ts.
import { main } from '../src/bench/serve-bench.ts';

process.exitCode = await main(process.argv.slice(2));
