/**
 * How mail leaves this machine, decided once from the environment: the SMTP relay (pooled,
 * DKIM-signed when configured), Amazon SES's API v2, or, in development without SMTP_URL,
 * .eml files in a folder.
 */
import { ConfigError, type Env } from '../config/env.ts';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
  /** DKIM_PRIVATE_KEY_FILE, when the key came from a file (its permissions are checked at start). */
  keyFile?: string | undefined;
}

export type MailSettings =
  | { kind: 'smtp'; url: string; dkim: DkimSettings | undefined }
  | { kind: 'ses'; region: string; endpoint: string | undefined; configurationSet: string | undefined; dkim: DkimSettings | undefined }
  | { kind: 'eml'; dir: string; dkim: DkimSettings | undefined };

/** Pool sizing chosen by the caller: the sender's --connections and --rate, or the server's defaults. */
export interface PoolSettings {
  connections: number;
  /** Messages per second at most; undefined for no limit. */
  rate?: number | undefined;
}

export function mailSettings(env: Env, readFile: (path: string) => string): MailSettings {
  const dkim = dkimSettings(env, readFile);
  if (env.MAIL_TRANSPORT === 'ses') {
    if (!env.AWS_REGION) throw new ConfigError('MAIL_TRANSPORT=ses needs AWS_REGION, the region of your SES account (e.g. eu-west-1).');
    return { kind: 'ses', region: env.AWS_REGION, endpoint: env.AWS_ENDPOINT_URL, configurationSet: env.SES_CONFIGURATION_SET, dkim };
  }
  return env.SMTP_URL ? { kind: 'smtp', url: env.SMTP_URL, dkim } : { kind: 'eml', dir: env.OUTBOX_DIR, dkim };
}

function dkimSettings(env: Env, readFile: (path: string) => string): DkimSettings | undefined {
  const domainName = env.DKIM_DOMAIN;
  const keySelector = env.DKIM_SELECTOR;
  const privateKey = env.DKIM_PRIVATE_KEY ?? (env.DKIM_PRIVATE_KEY_FILE ? readFile(env.DKIM_PRIVATE_KEY_FILE) : undefined);
  if (!domainName && !keySelector && !privateKey) return undefined;
  if (!domainName || !keySelector || !privateKey) {
    throw new ConfigError('DKIM needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE); set all three or none.');
  }
  return { domainName, keySelector, privateKey, ...(env.DKIM_PRIVATE_KEY === undefined && env.DKIM_PRIVATE_KEY_FILE ? { keyFile: env.DKIM_PRIVATE_KEY_FILE } : {}) };
}

/** Connection settings from smtp://user:pass@host:port or smtps://… (nodemailer takes pool options only in object form). */
export function smtpOptionsFromUrl(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
  };
}

/** "smtp://mail.example.com:587", without credentials. */
export function describeSmtpUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}
