/**
 * Online check of pick URLs (opt-in: `npm run check -- --links`). The fetch function is
 * passed in; timeouts, limited concurrency and one retry for network errors.
 */

export interface LinkResult {
  url: string;
  severity: 'error' | 'warning' | 'ok';
  message: string;
}

export type FetchLike = (url: string, init: { method: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> }) => Promise<{ status: number; headers: { get: (name: string) => string | null } }>;

export async function checkLinks(urls: string[], fetchFn: FetchLike, { concurrency = 4, timeoutMs = 10_000, retries = 1 } = {}): Promise<LinkResult[]> {
  const unique = [...new Set(urls)];
  const results = new Map<string, LinkResult>();
  const one = async (url: string): Promise<LinkResult> => {
    for (let attempt = 0; ; attempt++) {
      try {
        let response = await fetchFn(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'tip-of-the-week link check' } });
        if (response.status === 405 || response.status === 501) {
          response = await fetchFn(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'tip-of-the-week link check' } });
        }
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
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (error as Error).message;
        return { url, severity: 'warning', message: `${url} could not be checked: ${reason}` };
      }
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, unique.length) }, async () => {
      while (next < unique.length) {
        const url = unique[next++]!;
        results.set(url, await one(url));
      }
    }),
  );
  return unique.map((u) => results.get(u)!);
}
