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
import { parseMime } from './mime.ts';
import { reportContext } from './report-context.ts';

export type FeedbackMailResult = { events: FeedbackEvent[] } | { ignored: string };

/**
 * Events in a bounce or complaint mail, or why the mail was ignored (an auto-reply, a success notice,
 * ordinary mail). Async so a streaming parser can replace the in-memory one without changing callers.
 */
export async function parseFeedbackMail(raw: Buffer | string): Promise<FeedbackMailResult> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  const root = parseMime(bytes);
  const context = reportContext(bytes, root);

  const dsn = dsnEvents(context);
  if (dsn !== undefined) {
    return dsn.length > 0 ? { events: dsn } : { ignored: 'delivery status report with no failed or delayed recipient' };
  }

  const arf = arfEvents(context);
  if (arf !== undefined) return arf;

  const jmrp = jmrpEvents(context);
  if (jmrp !== undefined) return { events: jmrp };

  const bounceSign = looksLikeBounce(root.headers);
  if (bounceSign === undefined) {
    const autoReply = autoReplyReason(root.headers);
    if (autoReply !== undefined) return { ignored: autoReply };
  }
  if (bounceSign === undefined) {
    return { ignored: 'not a bounce or complaint: no delivery status report, no feedback report, no bounce sender or subject' };
  }
  const events = heuristicEvents(context);
  if (events.length > 0) return { events };
  return { ignored: `looks like a bounce (${bounceSign}) but names no failed recipient` };
}
