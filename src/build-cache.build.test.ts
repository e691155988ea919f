/**
 * The build's caches (finished and checked emails in build/cache/) and its
 * grouped content chunks must never change what it writes (slow: three astro builds of the
 * fixture publication). One build runs with every cache off and Astro's chunking
 * (TOTW_NO_CACHE=1, TOTW_CONTENT_CHUNKS=0, a cold build/ folder); another project copy
 * builds twice with both, the second time with the caches the first left behind. Every file
 * of the site (dist/client) and of the emails (build/email) must be the same, byte for byte,
 * apart from the manifest's build time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, projectRoot, runAstroBuild, stageProject, type SiteBuild } from './testing/build-site.fs.ts';

const fixtures = join(projectRoot, 'src/testing/fixtures/content');
const env = { SITE_URL: 'https://fixture.example' };
let uncached: SiteBuild;
let cold: SiteBuild;
let warm: SiteBuild;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();

/** Every output file by path relative to the project, with the build's own clock reading taken out. */
function outputs(build: SiteBuild): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const dir of ['dist/client', 'build/email']) {
    for (const file of files(join(build.root, dir))) {
      let bytes = readFileSync(file);
      if (file.endsWith('build/email/manifest.json')) {
        bytes = Buffer.from(bytes.toString('utf8').replace(/"builtAt": "[^"]+"/, '"builtAt": "(build time)"'));
      }
      out.set(relative(build.root, file), bytes);
    }
  }
  return out;
}

beforeAll(async () => {
  uncached = await buildSite(fixtures, { ...env, TOTW_NO_CACHE: '1', TOTW_CONTENT_CHUNKS: '0' });
  if (uncached.exitCode !== 0) throw new Error(`fixture build without caches failed:\n${uncached.output}`);
  const root = stageProject(fixtures);
  cold = await runAstroBuild(root, env);
  if (cold.exitCode !== 0) throw new Error(`first cached fixture build failed:\n${cold.output}`);
  warm = await runAstroBuild(root, env);
  if (warm.exitCode !== 0) throw new Error(`second cached fixture build failed:\n${warm.output}`);
});
afterAll(() => {
  uncached?.cleanup();
  warm?.cleanup();
});

describe('build caches', () => {
  it('are used by the second build (otherwise this comparison would prove nothing)', () => {
    expect(cold.output).not.toMatch(/unchanged since the last build/);
    expect(warm.output).toMatch(/issue emails checked and written to build\/email\/ \(largest HTML [\d.]+ KB; (\d+) of \1 unchanged since the last build, reused\)\./);
    expect(uncached.output).not.toMatch(/unchanged since the last build/);
  });

  it('and the grouped content chunks are used (otherwise this comparison would prove nothing)', () => {
    const tipChunks = (build: SiteBuild) => /content\/tips: (\d+) files in (\d+) chunks? of the prerender bundle\./.exec(build.output)?.slice(1).map(Number);
    const [files, perFileChunks] = tipChunks(uncached)!;
    expect(files).toBeGreaterThan(1);
    expect(perFileChunks).toBeGreaterThanOrEqual(files!);
    expect(tipChunks(cold)).toEqual([files, 1]);
    expect(tipChunks(warm)).toEqual([files, 1]);
  });

  it('leave every output file byte for byte as a build without caches writes it', () => {
    const expected = outputs(uncached);
    const actual = outputs(warm);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    expect(expected.size).toBeGreaterThan(20);
    const different = [...expected].filter(([path, bytes]) => !bytes.equals(actual.get(path)!)).map(([path]) => path);
    expect(different).toEqual([]);
  });
});
