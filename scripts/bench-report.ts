// Entry point for `npm run bench:report`; see src/bench/report-bench.ts.
import { main } from '../src/bench/report-bench.ts';

process.exitCode = await main(process.argv.slice(2));
