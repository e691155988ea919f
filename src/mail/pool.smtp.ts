/**
 * nodemailer's SMTP pool behind a thin transport of our own (nodemailer's documented
 * transport API: an object with `send(mail, callback)`) that notes, for each message, whether
 * it had been handed to the connection in full when the send failed.
 *
 * Why: nodemailer reports a lost connection the same way in every phase of the SMTP
 * transaction (code ECONNECTION, ESOCKET or ETIMEDOUT, command "CONN", no reply code), but
 * the phases differ. Lost before the whole message was written, the server cannot have
 * accepted it (it accepts only after the final "."), so sending it again is safe. Lost after
 * that and before the server's reply, it may well have been accepted: the message is
 * uncertain. The message's stream is the one thing that tells them apart: it ends once the
 * connection has read all of it (the final "." follows at once). The last step of that
 * stream is ours (`processFunc` on the message, added here after nodemailer's own DKIM
 * step), and when it ended before the failure the error gets `afterData: true`, which
 * classifySmtpError reads. Over a slow link the last bytes may still sit in the socket's
 * buffer when it breaks; the message is then called uncertain although it was not taken,
 * which errs on the side the weekly send prefers (never twice).
 */
import type { Readable } from 'node:stream';
import type { Transport } from 'nodemailer';
import type MailMessage from 'nodemailer/lib/mailer/mail-message';
import SMTPPool from 'nodemailer/lib/smtp-pool';

/** The note on a failed send's error: true when the whole message had been handed to the connection. */
export interface AfterDataNote {
  afterData?: boolean;
}

export class DataPhasePool implements Transport<SMTPPool.SentMessageInfo> {
  readonly name = 'SMTP (pool, data phase noted)';
  readonly version: string;
  readonly #pool: SMTPPool;

  constructor(options: SMTPPool.Options) {
    this.#pool = new SMTPPool(options);
    this.version = this.#pool.version;
  }

  send(mail: MailMessage<SMTPPool.SentMessageInfo>, callback: (err: Error | null, info: SMTPPool.SentMessageInfo) => void): void {
    let handedOver = false;
    mail.message.processFunc((output: Readable) => {
      output.once('end', () => (handedOver = true));
      return output;
    });
    this.#pool.send(mail, (err, info) => {
      // A reply from the server (a reply code) says what happened; only a silent loss is in doubt.
      if (err && handedOver && (err as { responseCode?: unknown }).responseCode === undefined) (err as Error & AfterDataNote).afterData = true;
      callback(err, info as SMTPPool.SentMessageInfo);
    });
  }

  close(): void {
    this.#pool.close();
  }

  isIdle(): boolean {
    return this.#pool.isIdle();
  }
}

