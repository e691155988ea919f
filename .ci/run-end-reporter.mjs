// A vitest reporter that records what vitest's JSON report leaves out: errors thrown outside any
// test ("Vitest caught N unhandled errors"), which fail the run although every test passed.
// Writes {"unhandledErrors": N, "messages": [...], "reason": "..."} to $VITEST_RUN_END_FILE.
import { writeFileSync } from 'node:fs';

export default class RunEndReporter {
  onTestRunEnd(_testModules, unhandledErrors, reason) {
    const file = process.env.VITEST_RUN_END_FILE;
    if (!file) return;
    const messages = unhandledErrors.map((e) => `${e.name ?? 'Error'}: ${e.message ?? String(e)}`);
    writeFileSync(file, JSON.stringify({ unhandledErrors: unhandledErrors.length, messages, reason }));
  }
}
