/**
 * The one mail port. Every message the project sends (weekly issues, confirmations,
 * welcomes, test copies) goes through a MailTransport: pooled SMTP, Amazon SES's API, or
 * .eml files in a folder during development. A transport also says what a failure means (`classify`), so
 * the sender and the signup outbox share one set of rules for retry, bounce and stop.
 */
import type Mail from 'nodemailer/lib/mailer';

/** A complete message: headers, both parts, envelope. Built by src/email/message.ts. */
export type OutgoingMessage = Mail.Options;

export interface SentMail {
  messageId: string;
  /** The server's reply, or where the .eml file went. */
  response: string;
}

/** What to do after a failed send. */
export type Verdict =
  /** Temporary (4xx, throttled, dropped connection): try again later. */
  | 'retry'
  /** Permanent: this address does not exist (5.1.x). Mark the subscriber bounced. */
  | 'bounce'
  /** Permanent for this message (other 5xx). Record it as failed. */
  | 'fail'
  /** Policy rejection (5.7.x): counts towards stopping a bulk send. */
  | 'policy'
  /** The service refused our credentials, or the account is paused: stop at once. */
  | 'stop'
  /** The mail server cannot be reached at all (refused, DNS, TLS): stop before trying everyone. */
  | 'unreachable'
  /**
   * The connection was lost after the whole message had been handed over and before the
   * server answered: it may have been accepted. The weekly send records it and does not
   * send it again on its own (a duplicate is worse than a miss).
   */
  | 'uncertain';

export interface MailTransport {
  send: (message: OutgoingMessage) => Promise<SentMail>;
  classify: (error: unknown) => Verdict;
  /** The error's text for logs and the ledger, one line, without credentials. */
  describeError: (error: unknown) => string;
  /** Where mail goes, for logs: "smtp://mail.example.com:587" or "outbox/ (.eml files)". */
  describe: () => string;
  /** What the user should check when this transport refuses to send ('stop') or cannot be reached, as a sentence start. */
  remedy: { stop: string; unreachable: string };
  close: () => Promise<void>;
}
