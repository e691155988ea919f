/**
 * Is the issue live? Fetches the issue's public page (its webUrl on SITE_URL) and compares the
 * stamp it carries with the stamp of the email about to go out. Only HTTP here; the waiting is
 * in live-wait.ts.
 */
import type { EmailEntry } from '../email/contract/manifest.ts';
import { stampOfPage } from '../issues/stamp.ts';

/** What the public page says about the issue: live (this build's issue), or why not. */
export type PageState = { live: true } | { live: false; reason: string };

/** One request may take this long before the page counts as not answering. */
const REQUEST_TIMEOUT_MS = 20_000;

const causeOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
};

/** Fetches `entry.webUrl` (no caches asked) and says whether it shows this build's issue. */
export async function issuePageState(entry: Pick<EmailEntry, 'number' | 'webUrl' | 'stamp'>, signal: AbortSignal): Promise<PageState> {
  const url = entry.webUrl;
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'cache-control': 'no-cache', accept: 'text/html' }, signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) });
  } catch (error) {
    if (signal.aborted) return { live: false, reason: 'stopped while checking' };
    return { live: false, reason: `${url} did not answer (${causeOf(error)})` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { live: false, reason: `${url} answered ${response.status} ${response.statusText}`.trimEnd() };
  }
  const stamp = stampOfPage(await response.text());
  if (stamp === undefined) return { live: false, reason: `${url} carries no issue stamp (<meta name="totw:issue">): the site there is an older build` };
  if (stamp !== entry.stamp) return { live: false, reason: `${url} shows another version of issue #${entry.number} than the email about to go out: deploy this build` };
  return { live: true };
}
