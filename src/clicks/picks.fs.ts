/** The pick URLs of each built issue, from the served release's email manifest, read again when it changes. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../email/contract/manifest.ts';

/** `(issue) => its pick URLs` over whichever email folder `emailDir()` names now; checked at most once per `recheckMs`. */
export function pickUrlsFollowing(emailDir: () => string | undefined, log: (line: string) => void, recheckMs = 1000): (issue: number) => readonly string[] | undefined {
  let cached: { path: string; mtimeMs: number; checkedAt: number; picks: Map<number, readonly string[]> } | undefined;
  const load = (): Map<number, readonly string[]> => {
    const dir = emailDir();
    const path = dir === undefined ? undefined : join(dir, 'manifest.json');
    if (!path || !existsSync(path)) return new Map();
    const now = performance.now();
    if (cached?.path === path && now - cached.checkedAt < recheckMs) return cached.picks;
    const mtimeMs = statSync(path).mtimeMs;
    if (cached?.path !== path || cached.mtimeMs !== mtimeMs) {
      try {
        const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')), path);
        cached = { path, mtimeMs, checkedAt: now, picks: new Map(manifest.issues.map((e) => [e.number, e.pickUrls])) };
      } catch (error) {
        // A request must never crash the server: links answer 404 until a build writes a manifest we can read.
        log(`Click links answer 404: ${error instanceof Error ? error.message : String(error)}`);
        cached = { path, mtimeMs, checkedAt: now, picks: new Map() };
      }
    }
    cached.checkedAt = now;
    return cached.picks;
  };
  return (issue) => load().get(issue);
}
