/**
 * The pooled SMTP transport for weekly sends. nodemailer's pool may re-send a message
 * whose connection closed after the server accepted it; maxRequeues: 0 turns that off
 * so the ledger alone decides what is retried.
 */
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { Transport } from './send.ts';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** List-Unsubscribe and List-Unsubscribe-Post must be signed (nodemailer's default list omits the latter). */
export const DKIM_HEADERS = 'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

export function dkimFromEnv(env: Record<string, string | undefined>): DkimSettings | undefined {
  const domainName = env['DKIM_DOMAIN'];
  const keySelector = env['DKIM_SELECTOR'];
  const privateKey = env['DKIM_PRIVATE_KEY'] ?? (env['DKIM_PRIVATE_KEY_FILE'] ? readFileSync(env['DKIM_PRIVATE_KEY_FILE'], 'utf8') : undefined);
  if (!domainName && !keySelector && !privateKey) return undefined;
  if (!domainName || !keySelector || !privateKey) {
    throw new Error('DKIM needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_FILE); set all three or none.');
  }
  return { domainName, keySelector, privateKey };
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

export function pooledSmtpTransport(url: string, { connections, rate, dkim }: { connections: number; rate: number | undefined; dkim: DkimSettings | undefined }): Transport & { close: () => void } {
  const transport = nodemailer.createTransport({
    ...smtpOptionsFromUrl(url),
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    maxRequeues: 0,
    ...(rate ? { rateDelta: 1000, rateLimit: rate } : {}),
    ...(dkim ? { dkim: { ...dkim, headerFieldNames: DKIM_HEADERS } } : {}),
  });
  return {
    send: async (message) => {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}
