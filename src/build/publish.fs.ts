/**
 * The file work of publishing a build: one build at a time (a lock file with its process
 * id), a clean build/staging/ to build into, and once every step passed: staging renamed to
 * build/releases/<id>/, `dist` switched to it in one rename(), build/email linked to
 * dist/email, old releases removed. Until the switch nothing a reader sees changes, so a
 * failed build leaves the published site and its emails byte for byte as they were.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { CliError } from '../cli/errors.ts';
import { BUILD_PATHS, releaseId, releasesToPrune } from './releases.ts';

/** Another build holds the lock. */
export class BuildLockedError extends CliError {}

const at = (root: string, path: string) => join(root, path);

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    // Signal 0 only asks whether the process exists.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the build lock (a lock left by a build that was killed is taken over); returns its release. */
export function acquireBuildLock(root: string, pid = process.pid): () => void {
  const path = at(root, BUILD_PATHS.lock);
  mkdirSync(dirname(path), { recursive: true });
  for (;;) {
    try {
      writeFileSync(path, `${pid}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (isRunning(holder)) {
      throw new BuildLockedError(
        `Another build is running in this folder (process ${holder}, see ${BUILD_PATHS.lock}): wait for it to finish, then build again. Nothing was changed.`,
      );
    }
    rmSync(path, { force: true });
  }
}

/** Removes whatever an earlier build left in build/staging/ (one that failed or was killed). */
export function clearStaging(root: string): void {
  rmSync(at(root, BUILD_PATHS.staging), { recursive: true, force: true });
}

/** The published release's id (the folder `dist` points at), or undefined before the first publish. */
export function publishedRelease(root: string): string | undefined {
  try {
    return basename(readlinkSync(at(root, BUILD_PATHS.pointer)));
  } catch {
    return undefined;
  }
}

/** Replaces `link` with a relative symbolic link to `target` in one rename(): readers see the old link or the new one. */
function replaceLink(link: string, target: string): void {
  const temporary = `${link}.${process.pid}.tmp`;
  rmSync(temporary, { force: true });
  symlinkSync(relative(dirname(link), target), temporary);
  renameSync(temporary, link);
}

/** A `dist` folder from a version that built in place becomes a release of its own, once. */
function retirePlainDist(root: string): void {
  const pointer = at(root, BUILD_PATHS.pointer);
  let stats;
  try {
    stats = lstatSync(pointer);
  } catch {
    return;
  }
  if (stats.isSymbolicLink()) return;
  renameSync(pointer, at(root, join(BUILD_PATHS.releases, releaseId(statSync(pointer).mtime))));
}

/** build/email as a link to dist/email (a folder from an older version is replaced). */
function linkEmailDir(root: string): void {
  const link = at(root, BUILD_PATHS.emailLink);
  const target = at(root, join(BUILD_PATHS.pointer, 'email'));
  try {
    const stats = lstatSync(link);
    if (stats.isSymbolicLink() && readlinkSync(link) === relative(dirname(link), target)) return;
    if (!stats.isSymbolicLink()) rmSync(link, { recursive: true, force: true });
  } catch {
    // No build/email yet.
  }
  replaceLink(link, target);
}

export interface Published {
  /** The new release, e.g. 2026-12-04T17-45-12-123Z. */
  id: string;
  /** Older releases removed. */
  removed: string[];
}

/** Publishes what build/staging/ holds: the caller has checked that every step of the build passed. */
export function publishStaging(root: string, now: Date): Published {
  const releases = at(root, BUILD_PATHS.releases);
  mkdirSync(releases, { recursive: true });
  retirePlainDist(root);
  const id = releaseId(now);
  renameSync(at(root, BUILD_PATHS.staging), join(releases, id));
  replaceLink(at(root, BUILD_PATHS.pointer), join(releases, id));
  linkEmailDir(root);
  const removed = releasesToPrune(readdirSync(releases), id);
  for (const old of removed) rmSync(join(releases, old), { recursive: true, force: true });
  return { id, removed };
}
