/**
 * Amazon SNS HTTP(S) notifications, as SES sends bounces, complaints and deliveries to a webhook. Anyone can
 * POST to the webhook, so nothing in a message is trusted before its signature checks out against a
 * certificate fetched from an SNS host over HTTPS, and old messages are refused so a captured one cannot be
 * replayed. The certificate fetch is injected: production passes an HTTPS GET, tests their own certificate.
 */
import { X509Certificate, createVerify, type KeyObject } from 'node:crypto';

export { sesEvents } from './ses-events.ts';

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

/** An SNS HTTP message body (https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html). */
export interface SnsMessage {
  Type: SnsMessageType;
  MessageId: string;
  TopicArn: string;
  /** Notifications only, and only when the publisher set one */
  Subject?: string;
  /** for SES notifications, the SES event as a JSON string */
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  /** Notifications */
  UnsubscribeURL?: string;
  /** Subscription/UnsubscribeConfirmation: GET it to confirm the subscription */
  SubscribeURL?: string;
  /** Subscription/UnsubscribeConfirmation */
  Token?: string;
}

export interface SnsVerifyOptions {
  /** GETs the PEM certificate at an already-validated https://sns.<region>.amazonaws.com/….pem URL */
  fetchCertificate: (url: string) => Promise<string>;
  now: Date;
  /** oldest Timestamp accepted; default {@link SNS_MAX_AGE_MS} */
  maxAgeMs?: number;
  /** when given, only messages from these topics are accepted (AWS advises refusing unexpected TopicArns) */
  topicArns?: readonly string[];
}

export type SnsVerifyResult = { ok: true; message: SnsMessage } | { ok: false; reason: string };

/** Default replay window: SNS delivers within seconds and retries for about an hour. */
export const SNS_MAX_AGE_MS = 60 * 60 * 1000;
/** Allowed clock skew for timestamps in the future. */
export const SNS_MAX_FUTURE_MS = 5 * 60 * 1000;

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;
const TYPES: readonly SnsMessageType[] = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'];

/** The fields signed for each Type, in the order AWS documents (sns-verify-signature-of-message). */
const SIGNED_FIELDS: Record<SnsMessageType, readonly (keyof SnsMessage)[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/** "Name\nvalue\n" for each signed field present (Subject is skipped when absent). */
export function snsStringToSign(message: SnsMessage): string {
  return SIGNED_FIELDS[message.Type]
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

/** Why a URL is not an SNS HTTPS URL, or undefined when it is one. */
export function snsUrlProblem(value: string, what: string, requirePem: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} is not a URL`;
  }
  if (url.protocol !== 'https:') return `${what} is not https`;
  if (url.username !== '' || url.password !== '' || url.port !== '') return `${what} has a user, password or port`;
  if (!SNS_HOST.test(url.hostname)) return `${what} host ${url.hostname} is not sns.<region>.amazonaws.com`;
  if (requirePem && !url.pathname.endsWith('.pem')) return `${what} path does not end in .pem`;
  if (requirePem && (url.search !== '' || url.hash !== '')) return `${what} has a query or fragment`;
  // fetch() would request the normalised URL anyway; one spelling per certificate keeps the cache honest.
  if (requirePem && url.href !== value) return `${what} is not in canonical form (SNS sends it normalised)`;
  return undefined;
}

function shapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const record = body as Record<string, unknown>;
  if (!TYPES.includes(record['Type'] as SnsMessageType)) return `unknown Type ${JSON.stringify(record['Type'])}`;
  const type = record['Type'] as SnsMessageType;
  const required = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'Signature', 'SigningCertURL'];
  if (type !== 'Notification') required.push('SubscribeURL', 'Token');
  for (const field of required) {
    if (typeof record[field] !== 'string' || record[field] === '') return `missing field ${field}`;
  }
  for (const field of ['Subject', 'UnsubscribeURL', 'SubscribeURL', 'Token']) {
    if (record[field] !== undefined && typeof record[field] !== 'string') return `field ${field} is not a string`;
  }
  if (record['SignatureVersion'] !== '1' && record['SignatureVersion'] !== '2') {
    return `unsupported SignatureVersion ${JSON.stringify(record['SignatureVersion'])}`;
  }
  return undefined;
}

/** Certificates kept per fetcher: SNS signs with one certificate per region at a time, so a few cover every topic. */
export const SNS_CERTIFICATE_CACHE_SIZE = 16;
/** Certificate downloads in progress at once per fetcher; a message that would start one more is refused (SNS retries it). */
export const SNS_MAX_CERTIFICATE_FETCHES = 4;

interface CertificateCache {
  /** Insertion order is use order: the first key is the least recently used. */
  byUrl: Map<string, Promise<X509Certificate>>;
  fetching: number;
}

/**
 * Certificates by canonical URL, per fetch function so tests with different certificates never share entries.
 * Bounded (least recently used goes first), so no stream of distinct URLs can grow it; a failed fetch is not
 * kept, so the next message retries it.
 */
const certificateCaches = new WeakMap<SnsVerifyOptions['fetchCertificate'], CertificateCache>();

/** The certificate at `url` (already checked to be canonical), from the cache or fetched; undefined when too many fetches run. */
function certificate(url: string, fetchCertificate: SnsVerifyOptions['fetchCertificate']): Promise<X509Certificate> | undefined {
  let cache = certificateCaches.get(fetchCertificate);
  if (cache === undefined) {
    cache = { byUrl: new Map(), fetching: 0 };
    certificateCaches.set(fetchCertificate, cache);
  }
  const { byUrl } = cache;
  const cached = byUrl.get(url);
  if (cached !== undefined) {
    byUrl.delete(url);
    byUrl.set(url, cached);
    return cached;
  }
  if (cache.fetching >= SNS_MAX_CERTIFICATE_FETCHES) return undefined;
  const tracked = cache;
  tracked.fetching += 1;
  const loading = fetchCertificate(url)
    .then((pem) => new X509Certificate(pem))
    .finally(() => (tracked.fetching -= 1));
  byUrl.set(url, loading);
  if (byUrl.size > SNS_CERTIFICATE_CACHE_SIZE) byUrl.delete(byUrl.keys().next().value!);
  loading.catch(() => {
    if (byUrl.get(url) === loading) byUrl.delete(url);
  });
  return loading;
}

function signatureValid(message: SnsMessage, key: KeyObject): boolean {
  const verifier = createVerify(message.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  verifier.update(snsStringToSign(message), 'utf8');
  try {
    return verifier.verify(key, message.Signature, 'base64');
  } catch {
    return false;
  }
}

/** Checks an SNS HTTP message's shape, certificate URL, age and signature; the message when all pass. */
export async function verifySnsMessage(body: unknown, opts: SnsVerifyOptions): Promise<SnsVerifyResult> {
  const shape = shapeProblem(body);
  if (shape !== undefined) return { ok: false, reason: `not an SNS message: ${shape}` };
  const message = body as SnsMessage;

  if (opts.topicArns !== undefined && !opts.topicArns.includes(message.TopicArn)) {
    return { ok: false, reason: `TopicArn ${message.TopicArn} is not one this webhook accepts` };
  }

  const certProblem = snsUrlProblem(message.SigningCertURL, 'SigningCertURL', true);
  if (certProblem !== undefined) return { ok: false, reason: certProblem };
  if (message.SubscribeURL !== undefined) {
    // The webhook GETs SubscribeURL to confirm; a forged one would make it fetch anything.
    const subscribeProblem = snsUrlProblem(message.SubscribeURL, 'SubscribeURL', false);
    if (subscribeProblem !== undefined) return { ok: false, reason: subscribeProblem };
  }

  const sent = Date.parse(message.Timestamp);
  if (Number.isNaN(sent)) return { ok: false, reason: `Timestamp ${message.Timestamp} is not a date` };
  const age = opts.now.getTime() - sent;
  const maxAge = opts.maxAgeMs ?? SNS_MAX_AGE_MS;
  if (age > maxAge) return { ok: false, reason: `Timestamp ${message.Timestamp} is older than ${maxAge / 1000} s (replay?)` };
  if (age < -SNS_MAX_FUTURE_MS) return { ok: false, reason: `Timestamp ${message.Timestamp} is in the future` };

  const loading = certificate(message.SigningCertURL, opts.fetchCertificate);
  if (loading === undefined) return { ok: false, reason: 'too many signing certificates are being fetched at once; SNS delivers the message again later' };
  let cert: X509Certificate;
  try {
    cert = await loading;
  } catch (error) {
    return { ok: false, reason: `cannot load the signing certificate: ${(error as Error).message}` };
  }
  if (opts.now < new Date(cert.validFrom) || opts.now > new Date(cert.validTo)) {
    return { ok: false, reason: `signing certificate is not valid now (valid ${cert.validFrom} to ${cert.validTo})` };
  }
  if (!signatureValid(message, cert.publicKey)) return { ok: false, reason: 'signature does not match the message' };
  return { ok: true, message };
}
