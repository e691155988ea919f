// Prints the test run as one plain line: "N passed, N failed, N skipped, N unhandled errors".
// Usage: node .ci/summary.mjs <vitest json report> <run-end file from .ci/run-end-reporter.mjs>
// Unhandled errors (thrown outside any test) fail the run like failed tests; so does a missing
// run-end file, which means vitest never finished.
import { existsSync, readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const runEndFile = process.argv[3];
const runEnd = runEndFile && existsSync(runEndFile) ? JSON.parse(readFileSync(runEndFile, 'utf8')) : undefined;
const unhandled = runEnd?.unhandledErrors ?? 0;
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped, ${unhandled} unhandled errors`);
for (const message of runEnd?.messages ?? []) console.log(`  unhandled: ${message}`);
if (!runEnd) console.log('  the run-end report is missing: vitest did not finish the run');
process.exitCode = report.numFailedTests > 0 || report.numTotalTests === 0 || unhandled > 0 || !runEnd ? 1 : 0;
