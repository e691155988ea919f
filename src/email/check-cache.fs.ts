/**
 * Where email check results are kept between builds (build/cache/, git-ignored), and the
 * fingerprint of the checker they were made with. A missing, unreadable or foreign file
 * means "nothing known": every email is checked.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CheckResults } from './check-cache.ts';

export const CHECK_CACHE_FILE = 'build/cache/email-checks.json';

/** The files whose contents decide what a check finds, relative to the project root. */
const CHECKER_SOURCES = ['src/email/checks.ts', 'src/email/caniemail-by-element.ts', 'src/email/placeholders.ts'];

/** Changes whenever the checks' code or caniemail's data could change a result. */
export function checkerFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const file of CHECKER_SOURCES) {
    const path = join(root, file);
    hash.update(file).update('\0').update(existsSync(path) ? readFileSync(path) : 'missing').update('\0');
  }
  const caniemail = createRequire(join(root, 'package.json')).resolve('caniemail/caniemail.json');
  hash.update(readFileSync(caniemail));
  return hash.digest('hex');
}

export function readCheckResults(root: string): CheckResults {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(root, CHECK_CACHE_FILE), 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every((p) => typeof p === 'string')),
    );
  } catch {
    return {};
  }
}

export function writeCheckResults(root: string, results: CheckResults): void {
  const path = join(root, CHECK_CACHE_FILE);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results)}\n`);
}
