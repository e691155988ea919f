/**
 * Every outgoing message is built here: the weekly issue (and its test copy, dry run and
 * preview), the confirmation and the welcome. From, Reply-To, Message-ID, List-Id and the
 * List-Unsubscribe headers are defined once, so every message carries the same identity.
 * Pure apart from the random nonce in each Message-ID: returns nodemailer message options.
 */
import { newMessageId } from '../mail/message-id.ts';
import type { OutgoingMessage } from '../mail/transport.ts';
import { fillPlaceholders } from './placeholders.ts';

/** Who the publication is in every message's headers. */
export interface SenderIdentity {
  from: string;
  replyTo: string;
  /** The public site: List-Id and Message-ID use its host. */
  siteUrl: string;
  publication: string;
  /** The mailto: half of List-Unsubscribe (a reply to the editor asking to leave). */
  unsubscribeMailto: string;
}

/** The identity from the settings: MAIL_FROM / REPLY_TO when set, the publication and its editor otherwise. */
export function senderIdentity(
  settings: { MAIL_FROM?: string | undefined; REPLY_TO?: string | undefined },
  publication: { title: string; editorEmail: string },
  siteUrl: string,
): SenderIdentity {
  const replyTo = settings.REPLY_TO ?? publication.editorEmail;
  return {
    from: settings.MAIL_FROM ?? `"${publication.title.replace(/["\\]/g, '')}" <${publication.editorEmail}>`,
    replyTo,
    siteUrl,
    publication: publication.title,
    unsubscribeMailto: `mailto:${replyTo}?subject=unsubscribe`,
  };
}

/** A built email: the parts the build rendered, with per-recipient placeholders. */
export interface EmailTemplate {
  subject: string;
  html: string;
  text: string;
}

export interface MessageInput {
  sender: SenderIdentity;
  template: EmailTemplate;
  recipient: { email: string; firstName?: string | null | undefined };
  /** The recipient's own one-click unsubscribe URL; absent for a confirmation (not subscribed yet). */
  unsubscribeUrl?: string | undefined;
  /** The recipient's preference page ("Manage your subscription"), in every email to a subscriber. */
  manageUrl?: string | undefined;
  /** The confirmation link, for the confirmation email. */
  confirmUrl?: string | undefined;
  /** Greet by first name? Off for the confirmation: that name was typed by whoever filled in the form. */
  greetByName?: boolean;
  /** What the message is, at the start of its Message-ID, e.g. "issue-6.42.lx3k" (issue, subscriber, run); a random nonce follows. */
  messageKey: string;
  date: Date;
  /** e.g. "[Test] " for a test copy. */
  subjectPrefix?: string;
  /** Envelope sender (Return-Path) for bounces, e.g. a VERP address; the From address otherwise. */
  returnPath?: string | undefined;
}

export function buildMessage(input: MessageInput): OutgoingMessage {
  const { sender, template, recipient } = input;
  const host = new URL(sender.siteUrl).hostname;
  const values = {
    unsubscribe_url: input.unsubscribeUrl,
    manage_url: input.manageUrl,
    confirm_url: input.confirmUrl,
    first_name: input.greetByName === false ? undefined : (recipient.firstName ?? undefined),
    email: recipient.email,
  };
  const listName = sender.publication.replace(/[<>"\r\n]/g, '');
  const headers: Record<string, string | { prepared: boolean; value: string }> = {
    // prepared: nodemailer would otherwise MIME-encode the angle brackets these headers need.
    'List-Id': { prepared: true, value: `"${listName}" <${host}>` },
  };
  if (input.unsubscribeUrl) {
    headers['List-Unsubscribe'] = { prepared: true, value: `<${input.unsubscribeUrl}>, <${sender.unsubscribeMailto}>` };
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: sender.from,
    to: recipient.email,
    replyTo: sender.replyTo,
    subject: `${input.subjectPrefix ?? ''}${template.subject}`,
    date: input.date,
    messageId: newMessageId(input.messageKey, host),
    ...(input.returnPath ? { envelope: { from: input.returnPath, to: recipient.email } } : {}),
    text: fillPlaceholders(template.text, values, 'text'),
    html: fillPlaceholders(template.html, values, 'html'),
    headers,
    // base64, not nodemailer's choice of quoted-printable for mostly-ASCII text: Node encodes it natively, where the
    // quoted-printable encoder's JavaScript made about 40% of the 410 KB the sender allocated a message, which a
    // small heap (package.json's "send") pays for in collections: a quarter less CPU a message (docs/benchmarks.md).
    // The parts say charset=utf-8, so SpamAssassin's MIME_BASE64_TEXT (base64 for plain ASCII) does not apply.
    textEncoding: 'base64',
  };
}
