/**
 * What the import wrote, with a hash of each file, so that running it again updates its own
 * files, never duplicates an entry, and leaves alone any file an editor has changed since
 * (or that was never the import's). Kept in imported/wordpress.json. Pure.
 */
import { createHash } from 'node:crypto';
import { CliError } from '../../cli/errors.ts';
import type { PreviousRun } from './plan.ts';

export const MANIFEST_FILE = 'imported/wordpress.json';
export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  sha256: string;
  /** The WordPress post the file came from. */
  post?: number | undefined;
  /** The issue number a digest was given. */
  number?: number | undefined;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  /** The export file, the old site and when it was imported, for whoever reads this later. */
  source: string;
  site: string;
  importedAt: string;
  files: Record<string, ManifestEntry>;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export type Decision =
  /** Not on disk: written. */
  | 'create'
  /** Written by the import and unchanged since: rewritten with the new content. */
  | 'update'
  /** Already holds exactly what the import would write. */
  | 'unchanged'
  /** Written by the import, then changed by someone: left alone. */
  | 'edited'
  /** On disk but not the import's: left alone. */
  | 'foreign'
  /** Written by an earlier run, then deleted or renamed by someone: not written again. */
  | 'removed';

/** What to do with one planned file, from its new hash, the hash on disk (if any) and the manifest. */
export function decide(path: string, newHash: string, diskHash: string | undefined, manifest: Manifest | undefined): Decision {
  const entry = manifest?.files[path];
  if (diskHash === undefined) return entry ? 'removed' : 'create';
  if (diskHash === newHash) return 'unchanged';
  if (!entry) return 'foreign';
  return diskHash === entry.sha256 ? 'update' : 'edited';
}

/** Whether a file on disk belongs to someone else (not written by an earlier import). */
export const isForeign = (manifest: Manifest | undefined, path: string) => manifest?.files[path] === undefined;

/** Post id → file and issue number, from an earlier run, so names and numbers stay put. */
export function previousRun(manifest: Manifest | undefined): PreviousRun {
  const posts: PreviousRun['posts'] = {};
  for (const [path, entry] of Object.entries(manifest?.files ?? {})) {
    if (entry.post !== undefined && /^content\/(tips|issues)\/[^/]+\.mdx?$/.test(path)) {
      posts[String(entry.post)] = { path, number: entry.number };
    }
  }
  return { posts };
}

/** Reads a manifest's JSON, or says why it cannot be used. */
export function parseManifest(json: string, file = MANIFEST_FILE): Manifest {
  let data: Partial<Manifest>;
  try {
    data = JSON.parse(json) as Partial<Manifest>;
  } catch (error) {
    throw new CliError(`${file} is not valid JSON (${(error as Error).message}): restore it from git, or delete it to import as if for the first time (every existing file is then left alone)`);
  }
  if (data.version !== MANIFEST_VERSION || typeof data.files !== 'object' || data.files === null) {
    throw new CliError(`${file} is not a manifest this version of the import understands: restore it from git, or delete it to import as if for the first time`);
  }
  return data as Manifest;
}
