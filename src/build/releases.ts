/**
 * Where a build's output lives and which old releases go: the pure half of publishing
 * (publish.fs.ts does the file work). A build writes to build/staging/; once every step
 * passed it becomes build/releases/<id>/ and the `dist` link points at it.
 */

/** Project-relative paths of the build's output. */
export const BUILD_PATHS = {
  /** Astro's outDir: one fixed path, because Astro's incremental cache keys pages on it (astro:assets embeds it). */
  staging: 'build/staging',
  /** Every published build, one folder each: client/, server/, email/. */
  releases: 'build/releases',
  /** The published build: a relative symbolic link to build/releases/<id>, replaced in one rename. */
  pointer: 'dist',
  /** Where the sender and the server read the emails: a relative link to dist/email, made once. */
  emailLink: 'build/email',
  /** Held while a build runs, with its process id. */
  lock: 'build/build.lock',
} as const;

/** Releases kept: the published one and the two before it (a server may still be serving the previous one for a moment). */
export const RELEASES_KEPT = 3;

/** A release's folder name: the build's time, sortable as text, e.g. 2026-12-04T17-45-12-123Z. */
export function releaseId(at: Date): string {
  return at.toISOString().replace(/[:.]/g, '-');
}

const RELEASE_ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;

/**
 * The release folders to delete: all but the newest `keep`, never the published one. Names
 * that are not release ids (something an operator put there) are left alone.
 */
export function releasesToPrune(names: readonly string[], published: string, keep = RELEASES_KEPT): string[] {
  const releases = names.filter((name) => RELEASE_ID.test(name)).sort().reverse();
  return releases.slice(keep).filter((name) => name !== published);
}
