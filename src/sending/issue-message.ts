/**
 * One subscriber's copy of a built issue: the sender, the dry run, the test copy and the
 * preview all build it here. Pure apart from the token signing.
 */
import { buildMessage, type EmailTemplate, type SenderIdentity } from '../email/message.ts';
import type { EmailEntry } from '../email/contract/manifest.ts';
import type { OutgoingMessage } from '../mail/transport.ts';
import { returnPathFor, type BounceSigning } from '../bounces/bounce-signing.ts';
import { manageUrl, unsubscribeUrl } from '../subscribers/links.ts';
import { clickUrl, withClickLinks } from '../clicks/links.ts';

export interface IssueMessageContext {
  entry: EmailEntry;
  parts: { html: string; text: string };
  sender: SenderIdentity;
  secret: string;
  /** Distinguishes runs in Message-IDs. */
  runStarted: Date;
  now: () => Date;
  /** BOUNCE_ADDRESS and its key: each subscriber's copy gets their signed VERP Return-Path. */
  bounce?: BounceSigning | undefined;
  /** CLICK_COUNTS=1: pick links go through the counting redirect (the same links in every reader's copy). */
  clickLinks?: boolean | undefined;
}

export function issueMessageFactory(ctx: IssueMessageContext) {
  const parts = ctx.clickLinks ? withClickLinks(ctx.parts, ctx.entry.pickUrls, (pick) => clickUrl(ctx.sender.siteUrl, ctx.secret, ctx.entry.number, pick)) : ctx.parts;
  const template: EmailTemplate = { subject: ctx.entry.subject, ...parts };
  const run = ctx.runStarted.getTime().toString(36);
  return (subscriber: { id: number; email: string; firstName: string | null }, subjectPrefix = ''): OutgoingMessage =>
    buildMessage({
      sender: ctx.sender,
      template,
      recipient: subscriber,
      unsubscribeUrl: unsubscribeUrl({ secret: ctx.secret, siteUrl: ctx.sender.siteUrl }, subscriber),
      manageUrl: manageUrl({ secret: ctx.secret, siteUrl: ctx.sender.siteUrl }, subscriber),
      messageKey: `issue-${ctx.entry.number}.${subscriber.id}.${run}`,
      date: ctx.now(),
      subjectPrefix,
      // Samples and test copies (id 0) are nobody's: their bounces go to the From address.
      returnPath: subscriber.id > 0 ? returnPathFor(ctx.bounce, subscriber.id) : undefined,
    });
}
