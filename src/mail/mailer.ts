/**
 * Sending mail behind one small interface. With SMTP_URL, nodemailer's SMTP transport;
 * without it, an outbox of .eml files that the person running the site can open.
 */
import type Mail from 'nodemailer/lib/mailer';

export interface SentMail {
  messageId: string;
  /** The server's reply, or where the outbox put the file. */
  response: string;
}

export interface Mailer {
  send: (message: Mail.Options) => Promise<SentMail>;
  /** Human description of where mail goes, for logs: "smtp://mail.example.com:587" or "outbox/". */
  describe: () => string;
  close: () => void;
}
