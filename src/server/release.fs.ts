/**
 * The build the server serves. `npm run build` writes each build to build/releases/<id>/ (client/, server/,
 * email/) and, only when every step passed, points the `dist` symlink at it with one rename; an older build
 * is a plain dist/ folder. The server loads the release `dist` points at when it starts. Later, when asked,
 * it looks at the link again (a readlink, at most once per `recheckMs`) and loads a new release in the
 * background: requests go on being served by the old release until the new one's handler is imported, and
 * each request is served by one release from start to end, so no page mixes two builds. A release that
 * cannot be served (no server/entry.mjs, or refused by `accept`) is not switched to; that is logged once.
 * A release's code stays in memory after a switch (ES modules cannot be unloaded; about 1.3 MB for the fixture
 * site), so after RESTART_HINT_AFTER releases each switch suggests a restart.
 */
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import serveStatic from 'serve-static';
import { CliError } from '../cli/errors.ts';
import type { Log } from './log.ts';

/** The Node adapter's handler in middleware mode (`handler` exported by server/entry.mjs). */
export type AstroHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void, locals?: object) => unknown;

export interface Release {
  /** The release folder's name (`dist`'s link target), or "dist" for a plain folder. */
  id: string;
  /** `dist`'s link target as read, or null for a plain folder: what the tracker compares. */
  pointer: string | null;
  dir: string;
  /** The signup emails built with this release (its email/ folder), when it has one. */
  emailDir: string | undefined;
  /** Serves a request: a file from the release's client/ when there is one, otherwise Astro's handler with `locals`. */
  serve: (req: IncomingMessage, res: ServerResponse, locals: object) => void;
}

/** The build cannot be served; the message says why and what to do. */
export class ReleaseError extends CliError {}

/** Where `dist` points: its link target, or null when it is a plain folder. */
export function distPointer(distPath: string): string | null {
  try {
    return readlinkSync(distPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EINVAL') return null;
    if (code === 'ENOENT') throw new ReleaseError(`The site is not built yet (${distPath} is missing). Run \`npm run build\` first, or use \`npm start\`, which builds.`);
    throw error;
  }
}

/** Serves client/'s files; those under _astro/ carry a content hash in their name, so they never change. */
function staticFiles(clientDir: string) {
  const hashed = join(clientDir, '_astro') + sep;
  return serveStatic(clientDir, {
    index: ['index.html'],
    redirect: true,
    fallthrough: true,
    dotfiles: 'ignore',
    setHeaders: (res, path) => {
      if (path.startsWith(hashed)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}

/** Imports the release `dist` points at now. */
export async function loadRelease(distPath: string): Promise<Release> {
  const pointer = distPointer(distPath);
  const dir = realpathSync(pointer === null ? distPath : resolve(dirname(distPath), pointer));
  const entry = join(dir, 'server/entry.mjs');
  if (!existsSync(entry)) throw new ReleaseError(`${dir} has no server/entry.mjs, so it is not a complete build. Run \`npm run build\`.`);
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler?: AstroHandler };
  if (typeof handler !== 'function') throw new ReleaseError(`${entry} exports no request handler. Run \`npm run build\` with this version's astro.config.mjs.`);
  const statics = staticFiles(join(dir, 'client'));
  return {
    id: pointer === null ? 'dist' : basename(pointer),
    pointer,
    dir,
    emailDir: existsSync(join(dir, 'email', 'manifest.json')) ? join(dir, 'email') : undefined,
    serve: (req, res, locals) =>
      statics(req, res, (error?: unknown) => {
        if (!error) return void handler(req, res, undefined, locals);
        res.statusCode = 500;
        res.end('Internal server error');
      }),
  };
}

/** Releases loaded by one process after which a switch suggests restarting it. */
export const RESTART_HINT_AFTER = 10;

export interface TrackOptions {
  /** Look at `dist` at most this often (default 1000 ms). */
  recheckMs?: number;
  now?: () => number;
  log: Log;
  load?: (distPath: string) => Promise<Release>;
  /** Why a loaded release must not be served (e.g. built for another site URL), or undefined to serve it. */
  accept?: (release: Release) => string | undefined;
}

export interface ReleaseTracker {
  /** The release to serve from now; may start loading a newer one in the background. */
  current: () => Release;
  /** Waits for a switch in progress, if any (tests; shutting down). */
  settled: () => Promise<void>;
}

export function trackRelease(distPath: string, first: Release, { recheckMs = 1000, now = Date.now, log, load = loadRelease, accept }: TrackOptions): ReleaseTracker {
  let serving = first;
  let loaded = 1;
  let checkedAt = now();
  let switching: Promise<void> | undefined;
  /** A pointer already refused: not tried again until `dist` points elsewhere. */
  let refused: string | null | undefined;

  const switchTo = async (pointer: string | null) => {
    try {
      const release = await load(distPath);
      const problem = accept?.(release);
      if (problem) throw new ReleaseError(problem);
      log(`Serving release ${release.id} from now on (was ${serving.id}).`);
      serving = release;
      loaded += 1;
      if (loaded > RESTART_HINT_AFTER) log(`${loaded} releases loaded since this server started; the code of each old one stays in memory until a restart. Restart the service when convenient.`);
    } catch (error) {
      refused = pointer;
      log(`Not switching to release ${pointer === null ? 'dist' : basename(pointer)}: ${(error as Error).message} Still serving release ${serving.id}.`);
    }
  };

  const look = () => {
    let pointer: string | null;
    try {
      pointer = distPointer(distPath);
    } catch {
      return; // dist is being replaced right now; look again next time
    }
    if (pointer === serving.pointer || pointer === refused) return;
    switching = switchTo(pointer).finally(() => (switching = undefined));
  };

  return {
    current: () => {
      if (!switching && now() - checkedAt >= recheckMs) {
        checkedAt = now();
        look();
      }
      return serving;
    },
    settled: async () => {
      while (switching) await switching;
    },
  };
}
