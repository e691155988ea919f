/**
 * Builds one recipient's message from a built email: placeholders filled, and the
 * headers bulk senders need (List-Unsubscribe with one-click, List-Id, Reply-To,
 * Message-ID on the publication's domain). Pure: returns nodemailer message options.
 */
import type Mail from 'nodemailer/lib/mailer';
import { fillPlaceholders } from './placeholders.ts';

export interface Recipient {
  email: string;
  firstName?: string | undefined;
}

export interface MessageInput {
  subject: string;
  html: string;
  text: string;
  recipient: Recipient;
  from: string;
  replyTo: string;
  /** https URL that unsubscribes this recipient (GET shows a page, POST unsubscribes). */
  unsubscribeUrl: string;
  /** mailto: address for List-Unsubscribe, optional. */
  unsubscribeMailto?: string | undefined;
  /** The publication's site URL: List-Id and Message-ID use its host. */
  siteUrl: string;
  publication: string;
  /** Unique part of the Message-ID, e.g. "issue-6.42" (issue and subscriber). */
  messageKey: string;
  date: Date;
}

export function issueMessage(input: MessageInput): Mail.Options {
  const host = new URL(input.siteUrl).hostname;
  const values = { unsubscribe_url: input.unsubscribeUrl, first_name: input.recipient.firstName, email: input.recipient.email };
  const unsubscribe = [input.unsubscribeUrl, ...(input.unsubscribeMailto ? [input.unsubscribeMailto] : [])];
  const listName = input.publication.replace(/[<>"\r\n]/g, '');
  return {
    from: input.from,
    to: input.recipient.email,
    replyTo: input.replyTo,
    subject: input.subject,
    date: input.date,
    messageId: `<${input.messageKey}@${host}>`,
    text: fillPlaceholders(input.text, values, 'text'),
    html: fillPlaceholders(input.html, values, 'html'),
    // prepared: nodemailer would otherwise MIME-encode the angle brackets these headers need.
    headers: {
      'List-Id': { prepared: true, value: `"${listName}" <${host}>` },
      'List-Unsubscribe': { prepared: true, value: unsubscribe.map((u) => `<${u}>`).join(', ') },
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** The default From: the publication's name and the editor's address. */
export function defaultFrom(publication: string, address: string): string {
  return `"${publication.replace(/["\\]/g, '')}" <${address}>`;
}
