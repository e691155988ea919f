/**
 * Publishing on a real file system, with stand-in build output (the real build is in
 * publish.build.test.ts): the switch, the email link, pruning, a dist folder from an older
 * version, and the lock.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireBuildLock, BuildLockedError, publishedRelease, publishStaging } from './publish.fs.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-publish-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** What a build leaves in build/staging/: a page and an email. */
function stage(label: string): void {
  mkdirSync(join(root, 'build/staging/client'), { recursive: true });
  mkdirSync(join(root, 'build/staging/email'), { recursive: true });
  writeFileSync(join(root, 'build/staging/client/index.html'), `<p>${label}</p>`);
  writeFileSync(join(root, 'build/staging/email/manifest.json'), `{"label":"${label}"}`);
}
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const day = (n: number) => new Date(Date.UTC(2026, 11, n, 6));

describe('publishStaging', () => {
  it('moves the build into build/releases/<id>/ and points dist (and build/email through it) at it', () => {
    stage('one');
    const { id } = publishStaging(root, day(1));
    expect(id).toBe('2026-12-01T06-00-00-000Z');
    expect(readlinkSync(join(root, 'dist'))).toBe(`build/releases/${id}`);
    expect(readlinkSync(join(root, 'build/email'))).toBe('../dist/email');
    expect(read('dist/client/index.html')).toBe('<p>one</p>');
    expect(read('build/email/manifest.json')).toBe('{"label":"one"}');
    expect(existsSync(join(root, 'build/staging'))).toBe(false);
    expect(publishedRelease(root)).toBe(id);
  });

  it('switches to the newest build and keeps the three newest releases', () => {
    const ids = [1, 2, 3, 4].map((n) => {
      stage(`build ${n}`);
      return publishStaging(root, day(n));
    });
    expect(ids.map((p) => p.removed)).toEqual([[], [], [], ['2026-12-01T06-00-00-000Z']]);
    expect(readdirSync(join(root, 'build/releases')).sort()).toEqual(ids.slice(1).map((p) => p.id));
    expect(read('dist/client/index.html')).toBe('<p>build 4</p>');
    expect(read('build/email/manifest.json')).toBe('{"label":"build 4"}');
    // No temporary links left beside the ones that were replaced.
    expect(readdirSync(root).sort()).toEqual(['build', 'dist']);
  });

  it('turns a dist folder and a build/email folder from a version that built in place into links, once', () => {
    mkdirSync(join(root, 'dist/client'), { recursive: true });
    writeFileSync(join(root, 'dist/client/index.html'), '<p>old</p>');
    mkdirSync(join(root, 'build/email'), { recursive: true });
    writeFileSync(join(root, 'build/email/manifest.json'), '{"label":"old"}');
    // Built days ago: the old site's release is named for dist's modification time, and one in the same
    // millisecond as this publish would take the new release's name (it did once, on a fast run).
    utimesSync(join(root, 'dist'), day(1), day(1));
    stage('new');
    const { id } = publishStaging(root, new Date());
    expect(lstatSync(join(root, 'dist')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(root, 'build/email')).isSymbolicLink()).toBe(true);
    expect(read('dist/client/index.html')).toBe('<p>new</p>');
    expect(read('build/email/manifest.json')).toBe('{"label":"new"}');
    // The old site is kept as a release of its own (the oldest), until pruning removes it.
    const releases = readdirSync(join(root, 'build/releases')).sort();
    expect(releases).toHaveLength(2);
    expect(releases[1]).toBe(id);
    expect(readFileSync(join(root, 'build/releases', releases[0]!, 'client/index.html'), 'utf8')).toBe('<p>old</p>');
  });
});

describe('acquireBuildLock', () => {
  it('refuses a second build while the first runs, and frees the lock when released', () => {
    const release = acquireBuildLock(root);
    expect(() => acquireBuildLock(root)).toThrow(BuildLockedError);
    expect(() => acquireBuildLock(root)).toThrow(`Another build is running in this folder (process ${process.pid}, see build/build.lock): wait for it to finish, then build again. Nothing was changed.`);
    release();
    acquireBuildLock(root)();
  });

  it('takes over the lock of a build that was killed', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build/build.lock'), `${pid}\n`);
    const release = acquireBuildLock(root);
    expect(read('build/build.lock')).toBe(`${process.pid}\n`);
    release();
    expect(existsSync(join(root, 'build/build.lock'))).toBe(false);
  });
});
