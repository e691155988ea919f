// Entry point for `npm run bench:import`; see src/bench/import-bench.ts.
import { main } from '../src/bench/import-bench.ts';

process.exitCode = await main(process.argv.slice(2));
