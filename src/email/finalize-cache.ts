/**
 * Finished emails (CSS inlined by juice, text part by html-to-text) kept between builds.
 * Inlining is the costliest step of rendering an email (about 8 ms each, most of the
 * email routes' time), and its result depends only on the rendered HTML, the site URL and
 * the code that finalizes: an issue whose rendering did not change gets last build's result.
 *
 * The email routes run inside Astro's prerender bundle while the email-artifacts integration
 * (which knows the project root and the cache switch) runs in the config's module graph; both
 * live in one process, so the integration installs the cache on a global symbol before pages
 * render and collects it after. Without an installed cache (dev server, TOTW_NO_CACHE=1),
 * every email is finalized afresh.
 */
import { createHash } from 'node:crypto';

export interface FinishedEmail {
  html: string;
  text: string;
}

export interface FinalizeCache {
  /** Results of the previous build, by key. */
  previous: Map<string, FinishedEmail>;
  /** Every result of this build, reused or not: what the next build may reuse. */
  next: Map<string, FinishedEmail>;
  reused: number;
}

const REGISTRY = Symbol.for('tip-of-the-week.finalize-cache');
type Registry = { [REGISTRY]?: FinalizeCache | undefined };

export function installFinalizeCache(cache: FinalizeCache | undefined): void {
  (globalThis as Registry)[REGISTRY] = cache;
}

export function installedFinalizeCache(): FinalizeCache | undefined {
  return (globalThis as Registry)[REGISTRY];
}

export const finalizeKey = (raw: string, siteUrl: string) => createHash('sha256').update(siteUrl).update('\0').update(raw).digest('hex');

/** `finish(raw)`, or the previous build's result for the same input when a cache is installed. */
export function finishWithCache(raw: string, siteUrl: string, finish: () => FinishedEmail): FinishedEmail {
  const cache = installedFinalizeCache();
  if (!cache) return finish();
  const key = finalizeKey(raw, siteUrl);
  const known = cache.next.get(key) ?? cache.previous.get(key);
  if (known && !cache.next.has(key)) cache.reused++;
  const result = known ?? finish();
  cache.next.set(key, result);
  return result;
}
