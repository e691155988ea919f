/** The release tracker on a real `dist` symlink; loading is a stand-in, so only the switching logic is under test here (serve.server.test.ts loads real builds). */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distPointer, ReleaseError, RESTART_HINT_AFTER, trackRelease, type Release } from './release.fs.ts';

let root: string;
let dist: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-release-'));
  dist = join(root, 'dist');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const pointAt = (id: string) => {
  mkdirSync(join(root, 'build/releases', id), { recursive: true });
  symlinkSync(`build/releases/${id}`, join(root, 'dist.next'));
  renameSync(join(root, 'dist.next'), dist);
};
const fakeRelease = (pointer: string | null): Release => ({ id: pointer ? basename(pointer) : 'dist', pointer, dir: '', emailDir: undefined, serve: () => undefined });
/** Loads whatever dist points at, refusing ids that start with "bad". */
const load = async (path: string) => {
  const pointer = distPointer(path);
  if (pointer && basename(pointer).startsWith('bad')) throw new ReleaseError(`${basename(pointer)} is broken.`);
  return fakeRelease(pointer);
};

describe('trackRelease', () => {
  it('says what dist is: a link target, a plain folder, or missing', () => {
    expect(() => distPointer(dist)).toThrow(`The site is not built yet (${dist} is missing). Run \`npm run build\` first, or use \`npm start\`, which builds.`);
    mkdirSync(dist);
    expect(distPointer(dist)).toBeNull();
    rmSync(dist, { recursive: true });
    pointAt('a');
    expect(distPointer(dist)).toBe('build/releases/a');
  });

  it('looks at dist at most once per interval, switches when it moved, and refuses a broken release once', async () => {
    pointAt('a');
    let clock = 0;
    const log: string[] = [];
    const releases = trackRelease(dist, fakeRelease('build/releases/a'), { recheckMs: 1000, now: () => clock, log: (l) => log.push(l), load });
    pointAt('b');
    expect(releases.current().id).toBe('a'); // not looked yet
    clock = 1000;
    releases.current();
    await releases.settled();
    expect(releases.current().id).toBe('b');
    pointAt('bad1');
    for (const t of [2000, 3000, 4000]) {
      clock = t;
      releases.current();
      await releases.settled();
    }
    expect(releases.current().id).toBe('b');
    expect(log).toEqual(['Serving release b from now on (was a).', 'Not switching to release bad1: bad1 is broken. Still serving release b.']);
  });

  it(`suggests a restart once more than ${RESTART_HINT_AFTER} releases were loaded`, async () => {
    pointAt('r0');
    const log: string[] = [];
    const releases = trackRelease(dist, fakeRelease('build/releases/r0'), { recheckMs: 0, log: (l) => log.push(l), load });
    for (let n = 1; n <= RESTART_HINT_AFTER; n++) {
      pointAt(`r${n}`);
      releases.current();
      await releases.settled();
    }
    expect(log.at(-1)).toBe(`${RESTART_HINT_AFTER + 1} releases loaded since this server started; the code of each old one stays in memory until a restart. Restart the service when convenient.`);
    expect(log.filter((l) => l.includes('releases loaded'))).toHaveLength(1);
  });
});
