/**
 * `npm run bounces -- imap://user@host/INBOX` (or imaps://): where the bounce mailbox is, read
 * from the URL, and its password from BOUNCE_IMAP_PASSWORD, never from the URL (URLs end up in
 * logs, crontabs and `ps`). Pure.
 */
import { UsageError } from '../cli/errors.ts';
import { ConfigError } from '../config/env.ts';

/** Where applied mail goes, next to the mailbox read. */
export const PROCESSED_FOLDER = 'Processed';

export interface ImapSource {
  host: string;
  port: number;
  /** TLS from the first byte (imaps://, port 993). */
  secure: boolean;
  /**
   * imap://: STARTTLS required (true) for any host but this machine, where a server without TLS
   * is allowed (undefined: upgrade when offered).
   */
  doSTARTTLS: true | undefined;
  user: string;
  pass: string;
  mailbox: string;
  /** The URL as logs may show it: no password, ever. */
  display: string;
}

export const isImapSource = (source: string): boolean => /^imaps?:\/\//i.test(source);

const isThisMachine = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The mailbox a source URL names; a usage or config error saying what to change otherwise. */
export function parseImapSource(source: string, password: string | undefined): ImapSource {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new UsageError(`${source} is not a mailbox URL: write it as imaps://user@mail.example.com/INBOX (or imap:// for STARTTLS on port 143)`);
  }
  const secure = url.protocol === 'imaps:';
  const safe = `${url.protocol}//${url.username ? `${url.username}@` : ''}${url.host}${url.pathname}`;
  if (url.password) throw new UsageError(`Do not put the IMAP password in the URL (it would show in logs and in the process list): remove it from ${safe} and set BOUNCE_IMAP_PASSWORD instead.`);
  if (!url.username) throw new UsageError(`${safe} names no user: write it as ${url.protocol}//user@${url.host}${url.pathname || '/INBOX'} (an @ in the user name as %40).`);
  if (!password) throw new ConfigError(`BOUNCE_IMAP_PASSWORD is not set: set it to the password of ${decodeURIComponent(url.username)} on ${url.hostname} to read ${safe}.`);
  const mailbox = decodeURIComponent(url.pathname.replace(/^\/+/, '')) || 'INBOX';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    doSTARTTLS: secure || isThisMachine(host) ? undefined : true,
    user: decodeURIComponent(url.username),
    pass: password,
    mailbox,
    display: safe,
  };
}
