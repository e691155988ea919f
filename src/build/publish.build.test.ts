/**
 * `npm run build` publishes only a build whose every step passed (issue #24.1), on the
 * fixture publication (slow: the run's shared fixture build, then two more real builds in its copy). A build that fails in its
 * last steps, after every page is written (here the email checks), says what to fix in the editor's
 * terms and leaves dist/ and build/email/ byte for byte as they were; the next good build switches
 * dist to a new release.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAstroBuild, type SiteBuild } from '../testing/build-site.fs.ts';
import { SHARED_SITES, sharedBuild } from '../testing/shared-build.fs.ts';

const env = SHARED_SITES.fixture.env;
const tip = 'content/tips/every-component.mdx';
let root: string;
let first: SiteBuild;
let failed: SiteBuild;
let fixed: SiteBuild;
let before: Map<string, string>;
let afterFailure: Map<string, string>;
let releasesAfterFailure: string[];
let stagingAfterFailure: boolean;

/** Every file a reader can reach through dist/ and build/email/, with its SHA-256. */
function published(): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hashes.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(join(root, 'dist/'));
  walk(join(root, 'build/email/'));
  return hashes;
}

beforeAll(async () => {
  // The first build is the run's shared fixture build (the same content and SITE_URL), in a copy of its own.
  first = await sharedBuild('fixture');
  if (first.exitCode !== 0) throw new Error(`first fixture build failed:\n${first.output}`);
  root = first.root;
  before = published();
  // Valid content whose email is too big for Gmail, with HTML in the tip that Outlook for Windows cannot show:
  // the email check, after every page is written, fails the build.
  const original = readFileSync(join(root, tip), 'utf8');
  appendFileSync(join(root, tip), `\n${'A perfectly valid sentence that makes this tip far too long for an email. '.repeat(1400)}\n`);
  appendFileSync(join(root, tip), '\n<div style="position:absolute">Floating note.</div>\n');
  failed = await runAstroBuild(root, env);
  afterFailure = published();
  releasesAfterFailure = readdirSync(join(root, 'build/releases'));
  stagingAfterFailure = existsSync(join(root, 'build/staging'));
  writeFileSync(join(root, tip), original);
  fixed = await runAstroBuild(root, env);
});
afterAll(() => first?.cleanup());

describe('npm run build', () => {
  it('publishes a good build: dist points at its release, build/email at dist/email', () => {
    expect(first.output).toMatch(/Published build\/releases\/[\dT-]+Z: dist points at it; the emails are in build\/email\/\./);
    expect(readlinkSync(join(root, 'build/email'))).toBe('../dist/email');
    expect(before.size).toBeGreaterThan(40);
    expect([...before.keys()]).toContain('build/email/manifest.json');
  });

  it('stops after rendering, names the issue, its file and the problem (the tip\'s file for a problem in its text)', () => {
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toContain('The email check found 3 problem(s):');
    expect(failed.output).toMatch(/ {2}- content\/issues\/1\.md \(email of issue #1\): HTML is \d+\.\d KB, over the 68 KB budget \(about 93 KB as sent in base64; Gmail clips at ~102 KB\): shorten the tip or use fewer picks/);
    expect(failed.output).toMatch(/ {2}- content\/tips\/every-component\.mdx \(in the email of issue #1\): position is unsupported in .*Outlook \(Windows\).* \(caniemail\): remove it from this file: plain Markdown/);
    expect(failed.output).not.toContain('src/email/build/checks.ts');
    expect(failed.output).not.toContain('client:only');
    expect(failed.output).not.toMatch(/^\s+at /m);
  });

  it('leaves every published file byte for byte as it was when the build fails in its email checks', () => {
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toMatch(/The build failed\. Nothing was published: dist still points at build\/releases\/[\dT-]+Z, and build\/email\/ is unchanged\. Fix what is reported above, then run `npm run build` again\./);
    expect(afterFailure).toEqual(before);
    // Its unfinished output is gone, and no release was added.
    expect(stagingAfterFailure).toBe(false);
    expect(releasesAfterFailure).toHaveLength(1);
  });

  it('switches dist to a new release with the next good build and keeps the previous one', () => {
    expect(fixed.exitCode).toBe(0);
    const releases = readdirSync(join(root, 'build/releases')).sort();
    expect(releases).toHaveLength(2);
    expect(readlinkSync(join(root, 'dist'))).toBe(`build/releases/${releases[1]}`);
    // Same content as the first build: the same pages and emails (the manifest records its build time).
    // The server bundle names the folder it was built in, and the first build was made in the run's shared
    // folder before this copy was taken, so it is compared by its files, not their bytes.
    const now = published();
    const differs = [...before].filter(([path, hash]) => !path.startsWith('dist/server/') && now.get(path) !== hash).map(([path]) => path);
    expect(differs.sort()).toEqual(['build/email/manifest.json', 'dist/email/manifest.json']);
    const serverFiles = (files: Map<string, string>) => [...files.keys()].filter((path) => path.startsWith('dist/server/')).map((path) => path.replace(/_[\w-]{8}\.mjs$/, '.mjs')).sort();
    expect(serverFiles(now)).toEqual(serverFiles(before));
  });
});
