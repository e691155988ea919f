/**
 * Reads one feedback mail (a bounce or an abuse report that came back to the bounce address) into events.
 * Standard reports first (RFC 3464 DSN, RFC 5965 ARF, then Microsoft's JMRP), then auto-replies are set aside, then the common
 * non-standard bounce texts are read by heuristics.
 *
 * Anyone can mail the bounce address a message that looks like a bounce or an abuse report. The events are
 * claims, not facts: feedback.db.ts decides whether one is tied to a message we sent (a VERP token that
 * verifies, or an unguessable Message-ID we sent to that recipient); otherwise a stranger could unsubscribe
 * any reader.
 */
import { arfEvents, jmrpEvents } from './arf.ts';
import { autoReplyReason } from './auto-reply.ts';
import { dsnEvents } from './dsn.ts';
import type { FeedbackEvent } from './feedback.ts';
import { heuristicEvents, looksLikeBounce } from './heuristic.ts';
import { reportContext } from './feedback-mail-context.ts';
import { readFeedbackMail } from './feedback-mail.ts';

export type FeedbackMailResult =
  | { events: FeedbackEvent[] }
  /** read, and nothing in it to act on */
  | { ignored: string }
  /** not read: over a limit (feedback-mail.ts MAIL_LIMITS) */
  | { skipped: string };

/**
 * Events in a bounce or complaint mail, or why the mail was ignored (an auto-reply, a success notice,
 * ordinary mail) or skipped (too large to read).
 */
export async function parseFeedbackMail(raw: Buffer | string): Promise<FeedbackMailResult> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const read = await readFeedbackMail(bytes);
  if ('tooLarge' in read) return { skipped: read.tooLarge };
  const mail = read.mail;
  const context = reportContext(bytes, mail);

  const dsn = dsnEvents(context);
  if (dsn !== undefined) {
    return dsn.length > 0 ? { events: dsn } : { ignored: 'delivery status report with no failed or delayed recipient' };
  }

  const arf = arfEvents(context);
  if (arf !== undefined) return arf;

  const jmrp = jmrpEvents(context);
  if (jmrp !== undefined) return { events: jmrp };

  const bounceSign = looksLikeBounce(mail.headers);
  // An auto-reply quotes our subject, and an issue's subject may say "could not be delivered": the reply's own
  // Auto-Submitted / X-Autoreply / Precedence headers win over the subject. Mail daemons mark their bounces
  // Auto-Submitted too, so a daemon sender or X-Failed-Recipients still makes a bounce.
  const autoReply = autoReplyReason(mail.headers);
  if (autoReply !== undefined && (bounceSign === undefined || bounceSign.bySubject)) return { ignored: autoReply };
  if (bounceSign === undefined) {
    return { ignored: 'not a bounce or complaint: no delivery status report, no feedback report, no bounce sender or subject' };
  }
  const events = heuristicEvents(context);
  if (events.length > 0) return { events };
  return { ignored: `looks like a bounce (${bounceSign.reason}) but names no failed recipient` };
}
