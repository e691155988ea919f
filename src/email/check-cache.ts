/**
 * Which emails need checking again. A check's result depends only on the email's parts, its
 * pick URLs and the checker itself (its code, the accepted-features list, caniemail's data),
 * so the key is a hash of all of those: an issue whose email did not change since the last
 * build keeps its result; anything else, including a new caniemail or an edit to the checks,
 * is checked afresh. Pure; the file it lives in is read and written by check-cache.fs.ts.
 */
import { createHash } from 'node:crypto';
import type { EmailParts } from './checks.ts';

/** Results from earlier builds: problems found (usually none) by key. */
export type CheckResults = Record<string, string[]>;

export function checkKey(checker: string, { html, text, pickUrls }: EmailParts): string {
  return createHash('sha256').update(checker).update('\0').update(html).update('\0').update(text).update('\0').update(pickUrls.join('\n')).digest('hex');
}

/**
 * Runs `check` on every email whose key is not in `previous`, reuses the rest, and returns the
 * problems in input order plus the results to keep for next time (only this build's keys, so
 * the file never grows past one entry per email).
 */
export function checkWithCache<T extends EmailParts>(
  emails: readonly T[],
  checker: string,
  previous: CheckResults,
  check: (email: T) => string[],
): { problems: string[][]; next: CheckResults; reused: number } {
  const next: CheckResults = {};
  let reused = 0;
  const problems = emails.map((email) => {
    const key = checkKey(checker, email);
    const known = Object.hasOwn(previous, key) ? previous[key] : undefined;
    if (known) reused++;
    const found = next[key] ?? known ?? check(email);
    next[key] = found;
    return found;
  });
  return { problems, next, reused };
}
