/**
 * The import's reading and writing: the repository's current files and the last manifest in,
 * the plan's files and picture copies out (or, on a dry run, only the decisions). Every file
 * is checked against the manifest first, so an editor's change is never overwritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { CliError } from '../../cli/errors.ts';
import { decide, MANIFEST_FILE, MANIFEST_VERSION, parseManifest, sha256, type Decision, type Manifest } from './manifest.ts';
import type { WordPressPlan } from './plan.ts';

export interface RepoState {
  manifest: Manifest | undefined;
  exists: (path: string) => boolean;
}

export function readRepoState(root: string): RepoState {
  const file = join(root, MANIFEST_FILE);
  return {
    manifest: existsSync(file) ? parseManifest(readFileSync(file, 'utf8')) : undefined,
    exists: (path) => existsSync(join(root, path)),
  };
}

/**
 * The uploads folder as a lookup of the files in it ("2016/11/desk.jpg"). The folder may be
 * wp-content/uploads itself or wp-content (then its uploads/ is used).
 */
export function readUploads(dir: string): { root: string; has: (path: string) => boolean } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new CliError(`--uploads ${dir} is not a folder: give the copy of wp-content/uploads from the old site (the folder holding 2016/, 2017/…)`);
  }
  const root = existsSync(join(dir, 'uploads')) && !readdirSync(dir).some((n) => /^\d{4}$/.test(n)) ? join(dir, 'uploads') : dir;
  const files = new Set(readdirSync(root, { recursive: true, encoding: 'utf8' }).map((p) => p.split(sep).join('/').normalize('NFC')));
  return { root, has: (path) => files.has(path.normalize('NFC')) };
}

export interface Written {
  path: string;
  decision: Decision;
}

function write(root: string, path: string, data: string | Uint8Array): void {
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  // Written next to the target and renamed over it: an interrupted run never leaves half a file.
  const temp = `${target}.import-tmp`;
  writeFileSync(temp, data);
  renameSync(temp, target);
}

/** Decides every file and copy, writes what should be written (unless dryRun), then the new manifest. */
export function applyPlan(
  root: string,
  plan: WordPressPlan,
  state: RepoState,
  options: { dryRun: boolean; uploadsRoot: string | undefined; source: string; site: string; now: Date },
): Written[] {
  const files: Manifest['files'] = { ...(state.manifest?.files ?? {}) };
  const written: Written[] = [];
  const handle = (path: string, data: string | Uint8Array, extra: { post?: number | undefined; number?: number | undefined }) => {
    const hash = sha256(data);
    const disk = state.exists(path) ? sha256(readFileSync(join(root, path))) : undefined;
    const decision = decide(path, hash, disk, state.manifest);
    written.push({ path, decision });
    if (decision === 'edited' || decision === 'foreign' || decision === 'removed') return;
    if ((decision === 'create' || decision === 'update') && !options.dryRun) write(root, path, data);
    files[path] = { sha256: hash, ...extra };
  };
  for (const file of plan.files) {
    const number = /^content\/issues\/0*(\d+)\.md$/.exec(file.path)?.[1];
    handle(file.path, file.text, { post: file.post, number: number === undefined ? undefined : Number(number) });
  }
  for (const copy of plan.copies) handle(copy.to, readFileSync(join(options.uploadsRoot!, copy.from)), { post: copy.post });
  if (!options.dryRun) {
    const manifest: Manifest = { version: MANIFEST_VERSION, source: options.source, site: options.site, importedAt: options.now.toISOString(), files };
    write(root, MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return written;
}

/** Paths an earlier run wrote that this export no longer produces: left alone, listed. */
export function leftovers(state: RepoState, written: readonly Written[]): string[] {
  const now = new Set(written.map((w) => w.path));
  return Object.keys(state.manifest?.files ?? {}).filter((path) => !now.has(path) && state.exists(path));
}
