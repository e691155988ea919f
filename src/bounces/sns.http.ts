/**
 * The two HTTPS requests the SES webhook makes: the SNS signing certificate, and the SubscribeURL that
 * confirms a new subscription. Both URLs were checked to be https://sns.<region>.amazonaws.com before they
 * get here; the requests still refuse redirects, stop after a few seconds and read a bounded body, so a slow
 * or huge answer cannot tie up the server.
 */

export interface HttpGetLimits {
  timeoutMs?: number;
  maxBytes?: number;
}

async function boundedGet(url: string, what: string, { timeoutMs = 5_000, maxBytes = 64 * 1024 }: HttpGetLimits): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) }).catch((error: Error) => {
    throw new Error(`${what} at ${url} could not be fetched: ${error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error.message}`);
  });
  if (!response.ok) throw new Error(`${what} at ${url} answered ${response.status}`);
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`${what} at ${url} is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GETs an SNS signing certificate (PEM). */
export const fetchSnsCertificate = (url: string, limits: HttpGetLimits = {}) => boundedGet(url, 'The SNS signing certificate', limits);

/** GETs a SubscriptionConfirmation's SubscribeURL, which confirms the subscription at SNS. */
export async function confirmSnsSubscription(url: string, limits: HttpGetLimits = {}): Promise<void> {
  await boundedGet(url, 'The SNS SubscribeURL', limits);
}
