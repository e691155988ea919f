/**
 * Builds the mail port from the settings: the only place nodemailer transports are
 * created, so pooling and DKIM are configured once for the sender and the server alike.
 * nodemailer's pool would re-send a message whose connection closed after the server took
 * it; maxRequeues: 0 turns that off, so our ledger and outbox alone decide what is retried.
 */
import nodemailer from 'nodemailer';
import { emlTransport } from './transport.eml.ts';
import type { MailSettings, PoolSettings } from './settings.ts';
import { describeSmtpUrl, smtpOptionsFromUrl } from './settings.ts';
import { classifySmtpError, describeSmtpError, type SmtpErrorLike } from './smtp-errors.ts';
import type { MailTransport } from './transport.ts';

/** Every header that matters to inbox providers is signed, List-Unsubscribe-Post included (nodemailer's default list omits it). */
export const DKIM_HEADERS = 'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

export function createMailTransport(settings: MailSettings, pool: PoolSettings, log: (line: string) => void = () => {}): MailTransport {
  const dkim = settings.dkim ? { dkim: { ...settings.dkim, headerFieldNames: DKIM_HEADERS } } : {};
  if (settings.kind === 'eml') return emlTransport(settings.dir, log);
  const transport = nodemailer.createTransport({
    ...smtpOptionsFromUrl(settings.url),
    pool: true,
    maxConnections: pool.connections,
    maxMessages: 1000,
    maxRequeues: 0,
    ...(pool.rate ? { rateDelta: 1000, rateLimit: pool.rate } : {}),
    ...dkim,
  });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, response: info.response };
    },
    classify: (error) => classifySmtpError(error as SmtpErrorLike),
    describeError: (error) => describeSmtpError(error as SmtpErrorLike),
    describe: () => `${describeSmtpUrl(settings.url)}${settings.dkim ? `, DKIM-signed for ${settings.dkim.domainName}` : ''}`,
    close: async () => transport.close(),
  };
}
