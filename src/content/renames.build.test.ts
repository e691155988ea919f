/**
 * An editor renames an issue between .md and .mdx without editing it (slow: two astro builds
 * of the fixture in one project copy, so the second build starts from the content store the
 * first one left in node_modules/.astro). Astro's glob loader used to keep the entry of the
 * old file name, and the build after a rename from .mdx to .md failed to bundle.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runAstroBuild, stageProject } from '../testing/build-site.fs.ts';

const env = { SITE_URL: 'https://fixture.example' };
const root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-renames-');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('an issue renamed between .mdx and .md', () => {
  it('builds after each rename, with the note rendered from the file as it is now', async () => {
    const issues = join(root, 'content/issues');
    renameSync(join(issues, '1.md'), join(issues, '1.mdx'));
    const asMdx = await runAstroBuild(root, env);
    expect(asMdx.exitCode, asMdx.output).toBe(0);
    expect(readFileSync(join(asMdx.dist, 'issues/1/index.html'), 'utf8')).toContain('EDITOR-NOTE-MARKER');

    renameSync(join(issues, '1.mdx'), join(issues, '1.md'));
    const asMd = await runAstroBuild(root, env);
    expect(asMd.exitCode, asMd.output).toBe(0);
    expect(readFileSync(join(asMd.dist, 'issues/1/index.html'), 'utf8')).toContain('EDITOR-NOTE-MARKER');
    expect(asMd.output).not.toMatch(/1\.mdx/);
  }, 240_000);
});
