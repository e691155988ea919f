/**
 * `npm run build [-- <astro build flags>]`: builds into build/staging/ and publishes it only
 * when every step passed (Astro's build, the email checks, the search index): it becomes
 * build/releases/<id>/ and `dist` switches to it in one rename. A failed or interrupted build
 * leaves the published site and build/email/ exactly as they were.
 */
import { CliError } from '../cli/errors.ts';
import type { AstroBuildResult } from './astro-build.fs.ts';
import { acquireBuildLock, clearStaging, publishedRelease, publishStaging } from './publish.fs.ts';
import { BUILD_PATHS } from './releases.ts';

export interface BuildIo {
  out: (text: string) => void;
  now: () => Date;
  /** Runs `astro build` with these extra arguments (astro-build.fs.ts). */
  astroBuild: (args: readonly string[]) => Promise<AstroBuildResult>;
}

/** The build stopped; its message says what is published. */
export class BuildFailedError extends CliError {}

function unchanged(root: string): string {
  const current = publishedRelease(root);
  return current
    ? `Nothing was published: ${BUILD_PATHS.pointer} still points at ${BUILD_PATHS.releases}/${current}, and ${BUILD_PATHS.emailLink}/ is unchanged.`
    : 'Nothing was published (there is no earlier build).';
}

export async function main(argv: readonly string[], root: string, io: BuildIo): Promise<number> {
  const release = acquireBuildLock(root);
  try {
    clearStaging(root);
    const { exitCode, signal } = await io.astroBuild(argv);
    if (exitCode !== 0 || signal) {
      clearStaging(root);
      const how = signal ? `was stopped (${signal})` : 'failed';
      throw new BuildFailedError(`The build ${how}. ${unchanged(root)} Fix what is reported above, then run \`npm run build\` again.`, exitCode || 1);
    }
    const { id, removed } = publishStaging(root, io.now());
    const pruned = removed.length ? ` Removed ${removed.length} older release(s).` : '';
    io.out(`Published ${BUILD_PATHS.releases}/${id}: ${BUILD_PATHS.pointer} points at it; the emails are in ${BUILD_PATHS.emailLink}/.${pruned}\n`);
    return 0;
  } finally {
    release();
  }
}
