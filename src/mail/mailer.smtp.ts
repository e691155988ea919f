/** The SMTP mailer: nodemailer with a URL such as smtps://user:pass@mail.example.com:465. */
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Mailer } from './mailer.ts';

export function smtpMailer(url: string, options: Partial<SMTPPool.Options> = {}): Mailer {
  const transport = nodemailer.createTransport(url, options);
  const safe = new URL(url);
  safe.username = safe.username ? '***' : '';
  safe.password = '';
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, response: info.response };
    },
    describe: () => `${safe.protocol}//${safe.host}`,
    close: () => transport.close(),
  };
}
