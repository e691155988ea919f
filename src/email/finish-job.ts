/**
 * One email's work after rendering, as the build's finishing worker does it: finish the
 * document (unless last build finished the same one) and check the result (unless last build
 * checked the same parts with the same checker). Pure, apart from the CPU it costs.
 */
import { checkKey, type CheckResults } from './check-cache.ts';
import { checkEmail } from './checks.ts';
import { finishEmail, type FinishedEmail } from './finalize.ts';

export interface FinishRequest {
  /** The rendered document, before CSS inlining. */
  raw: string;
  siteUrl: string;
  pickUrls: string[];
  /** Last build's finished email for the same document and site, when the cache had one. */
  finished?: FinishedEmail | undefined;
}

export interface FinishResult extends FinishedEmail {
  /** What the checks found: empty when the email is fine. */
  problems: string[];
  /** The check cache key of these parts (kept for the next build). */
  checkKey: string;
  /** Whether the problems came from the last build's results rather than a fresh check. */
  checkReused: boolean;
}

export function finishAndCheck(request: FinishRequest, checker: string, previousChecks: Readonly<CheckResults>): FinishResult {
  const finished = request.finished ?? finishEmail(request.raw, request.siteUrl);
  const parts = { ...finished, pickUrls: request.pickUrls };
  const key = checkKey(checker, parts);
  const known = Object.hasOwn(previousChecks, key) ? previousChecks[key] : undefined;
  return { html: finished.html, text: finished.text, problems: known ?? checkEmail(parts), checkKey: key, checkReused: known !== undefined };
}
