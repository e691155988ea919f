/**
 * CI's summary line (.ci/summary.mjs with .ci/run-end-reporter.mjs) on a real vitest run of a
 * tiny project whose one test passes but leaves an error thrown outside it: vitest's JSON report
 * says "1 passed, 0 failed", and the summary must still count the run as failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from './build-site.fs.ts';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

const outsideVitest = () =>
  Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV' && key !== 'TEST' && !key.startsWith('VITEST')));

function ciRun(testSource: string) {
  const root = mkdtempSync(join(tmpdir(), 'totw-ci-'));
  roots.push(root);
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{"type":"module"}');
  writeFileSync(join(root, 'only.test.ts'), testSource);
  const report = join(root, 'report.json');
  const runEnd = join(root, 'run-end.json');
  const vitest = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', root, '--reporter=json', `--reporter=${join(projectRoot, '.ci/run-end-reporter.mjs')}`, `--outputFile.json=${report}`],
    { cwd: root, env: { ...outsideVitest(), VITEST_RUN_END_FILE: runEnd }, encoding: 'utf8' },
  );
  const summary = spawnSync(process.execPath, [join(projectRoot, '.ci/summary.mjs'), report, runEnd], { encoding: 'utf8' });
  return { vitestStatus: vitest.status, summary: summary.stdout, summaryStatus: summary.status };
}

describe('CI summary', () => {
  it('counts an error thrown outside any test as a failure, naming it', () => {
    const run = ciRun(`import { it } from 'vitest';\nit('passes', () => { process.nextTick(() => { throw new Error('thrown outside any test'); }); });\n`);
    expect(run.vitestStatus).toBe(1);
    expect(run.summary).toBe('1 passed, 0 failed, 0 skipped, 1 unhandled errors\n  unhandled: Error: thrown outside any test\n');
    expect(run.summaryStatus).toBe(1);
  }, 60_000);

  it('passes a clean run', () => {
    const run = ciRun(`import { it, expect } from 'vitest';\nit('passes', () => { expect(1).toBe(1); });\n`);
    expect(run.summary).toBe('1 passed, 0 failed, 0 skipped, 0 unhandled errors\n');
    expect(run.summaryStatus).toBe(0);
  }, 60_000);
});
