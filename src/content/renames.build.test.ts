/**
 * An editor renames issues between .md and .mdx without editing them (slow: `astro sync` and
 * one astro build in one project copy, so the build starts from the content store the sync
 * left in build/cache/astro). Astro's glob loader used to keep the entry of the old file name:
 * after a rename from .mdx to .md the build failed to bundle, and after one from .md to .mdx it
 * kept rendering the file as plain Markdown (src/content/glob-following-renames.ts).
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../email/contract/manifest.ts';
import { projectRoot, runAstroBuild, stageProject } from '../testing/build-site.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { SHARED_SITES } from '../testing/shared-build.fs.ts';

const env = SHARED_SITES.fixture.env;
const root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-renames-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('issues renamed between .mdx and .md', () => {
  it('builds after the renames, each rendered from the file as it is now', async () => {
    // The content store of the fixtures as they are: issue 1 in Markdown, the scheduled issue 2 in MDX.
    const sync = await runScript(join(root, 'node_modules/astro/bin/astro.mjs'), ['sync'], { cwd: root, env: { ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', ...env } });
    expect(sync.code, sync.output).toBe(0);
    // One rename each way, then the build.
    const issues = join(root, 'content/issues');
    renameSync(join(issues, '1.md'), join(issues, '1.mdx'));
    renameSync(join(issues, '2.mdx'), join(issues, '2.md'));
    const renamed = await runAstroBuild(root, env);
    expect(renamed.exitCode, renamed.output).toBe(0);
    expect(renamed.output).not.toMatch(/issues\/(1\.md\b|2\.mdx)/);
    expect(readFileSync(join(renamed.dist, 'issues/1/index.html'), 'utf8')).toContain('EDITOR-NOTE-MARKER');
    // Issue 2 is scheduled: no page yet, but its email is built, from 2.md.
    const emailDir = join(root, 'build/email');
    const emails = parseManifest(JSON.parse(readFileSync(join(emailDir, 'manifest.json'), 'utf8'))).issues;
    expect(emails.filter((e) => e.number < 3).map((e) => [e.number, e.source]).sort()).toEqual([[1, 'content/issues/1.mdx'], [2, 'content/issues/2.md']]);
    expect(readFileSync(join(emailDir, emails.find((e) => e.number === 2)!.html), 'utf8')).toContain('HIDDEN-PICK-2-A');
  }, 240_000);
});
