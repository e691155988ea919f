/**
 * Online check of pick URLs (opt-in: `npm run check -- --links`). The fetch function is
 * passed in; timeouts, limited concurrency and one retry for network errors. When the first
 * links cannot be reached at all (no DNS, no route, refused: the machine is offline), the
 * rest are not tried and the result says so once, instead of one failure per link.
 */

export interface LinkResult {
  url: string;
  severity: 'error' | 'warning' | 'ok';
  message: string;
  /** The address could not be reached at all (no answer, not even an error status). */
  unreachable?: true;
}

export interface LinkCheck {
  results: LinkResult[];
  /** Set when no link could be reached: why the first ones failed, e.g. "getaddrinfo EAI_AGAIN hbr.org". */
  offline?: string;
}

export type FetchLike = (url: string, init: { method: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number; headers: { get: (name: string) => string | null } }>;

interface Options {
  concurrency?: number;
  timeoutMs?: number;
  retries?: number;
}

/** Why a request got no answer, in words: fetch's own "fetch failed" says nothing, its cause does. */
function failureReason(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

async function checkOne(url: string, fetchFn: FetchLike, { timeoutMs, retries }: Required<Omit<Options, 'concurrency'>>): Promise<LinkResult> {
  const init = (method: string) => ({ method, redirect: 'manual' as const, signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'tip-of-the-week link check' } });
  for (let attempt = 0; ; attempt++) {
    try {
      let response = await fetchFn(url, init('HEAD'));
      if (response.status === 405 || response.status === 501) response = await fetchFn(url, init('GET'));
      const { status } = response;
      if (status === 404 || status === 410) return { url, severity: 'error', message: `${url} answers ${status}: the article is gone; find its new address or pick another` };
      if (status >= 300 && status < 400) {
        const target = response.headers.get('location');
        return { url, severity: 'warning', message: `${url} redirects (${status}) to ${target ? new URL(target, url).href : 'an unknown address'}: link to the final address` };
      }
      if (status >= 400) return { url, severity: 'warning', message: `${url} answers ${status}: check it in a browser (some sites refuse automated checks)` };
      return { url, severity: 'ok', message: `${url} ok` };
    } catch (error) {
      if (attempt < retries) continue;
      return { url, severity: 'warning', message: `${url} could not be checked: ${failureReason(error, timeoutMs)}`, unreachable: true };
    }
  }
}

export async function checkLinks(urls: string[], fetchFn: FetchLike, { concurrency = 4, timeoutMs = 10_000, retries = 1 }: Options = {}): Promise<LinkCheck> {
  const unique = [...new Set(urls)];
  const one = (url: string) => checkOne(url, fetchFn, { timeoutMs, retries });
  // The first few links together: when none of them answers at all, the machine is offline.
  const first = await Promise.all(unique.slice(0, concurrency).map(one));
  if (first.length > 0 && first.every((r) => r.unreachable)) {
    return { results: [], offline: first[0]!.message.replace(`${first[0]!.url} could not be checked: `, '') };
  }
  const results = new Map(first.map((r) => [r.url, r]));
  let next = first.length;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, unique.length - next) }, async () => {
      while (next < unique.length) {
        const url = unique[next++]!;
        results.set(url, await one(url));
      }
    }),
  );
  return { results: unique.map((u) => results.get(u)!) };
}
