/**
 * Which emails need checking again. A check's result depends only on the email's parts, its
 * pick URLs and the checker itself (its code, the accepted-features list, caniemail's data),
 * so the key is a hash of all of those: an issue whose email did not change since the last
 * build keeps its result; anything else, including a new caniemail or an edit to the checks,
 * is checked afresh (finish-job.ts). Pure; the file it lives in is read and written by check-cache.fs.ts.
 */
import { createHash } from 'node:crypto';
import type { EmailParts } from './checks.ts';

/** Results from earlier builds: problems found (usually none) by key. */
export type CheckResults = Record<string, string[]>;

export function checkKey(checker: string, { html, text, pickUrls }: EmailParts): string {
  return createHash('sha256').update(checker).update('\0').update(html).update('\0').update(text).update('\0').update(pickUrls.join('\n')).digest('hex');
}
