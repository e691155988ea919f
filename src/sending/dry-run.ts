/** What `send --dry-run` shows: the send as it would happen now, before anything is sent. Pure. */
import type { SubscriberStatus } from '../subscribers/store.ts';
import type { DeliveryStatus } from './ledger.ts';

export interface DryRunPlan {
  issue: { number: number; date: string; subject: string };
  from: string;
  replyTo: string;
  /** The site every link in the message points at (unsubscribe links, List-Unsubscribe). */
  siteUrl: string;
  subscribers: Record<SubscriberStatus, number>;
  /** This issue's ledger: what earlier runs did. */
  ledger: Record<DeliveryStatus, number>;
  /** Confirmed subscribers the ledger has no row for yet. */
  unplanned: number;
  suppressed: number;
  /** Where mail would go, e.g. "smtp://mail.example.com:587, DKIM-signed for example.com". */
  transport: string;
  /** The pace, as the send's header says it; empty when there is no limit. */
  rate: string;
  sample: { email: string; path: string; kilobytes: string };
  /** Settings the real send would refuse (sample addresses in production, emails built for another site URL). */
  warnings: readonly string[];
}

export function dryRunText(p: DryRunPlan): string {
  const l = p.ledger;
  const toSend = p.unplanned + l.queued;
  const handled = l.failed + l.bounced + l.skipped + l.uncertain;
  const label = (name: string) => `  ${name.padEnd(11)} `;
  const more = ' '.repeat(14);
  const lines = [
    `Dry run: nothing sent. Issue #${p.issue.number} (${p.issue.date}) as \`npm run send\` would send it now:`,
    `${label('Subject')}${p.issue.subject}`,
    `${label('From')}${p.from}`,
    `${label('Reply-To')}${p.replyTo}`,
    `${label('Links to')}${p.siteUrl} (unsubscribe links and List-Unsubscribe)`,
    `${label('Recipients')}${toSend} to send now, of ${p.subscribers.confirmed} confirmed; earlier runs of this issue: ${l.sent} sent, ${handled} handled otherwise (failed, bounced, skipped, uncertain)`,
    `${more}not mailed: ${p.subscribers.pending} pending confirmation, ${p.subscribers.unsubscribed} unsubscribed, ${p.subscribers.bounced} bounced; ${p.suppressed} address(es) on the suppression list`,
  ];
  if (l.uncertain > 0) lines.push(`${more}${l.uncertain} uncertain from an earlier run are not sent again unless you add --retry-uncertain`);
  lines.push(`${label('Transport')}${p.transport}`, `${label('Rate')}${p.rate || 'no limit (add --rate <n> to set one)'}`, `${label('Sample')}a message for ${p.sample.email} is in ${p.sample.path} (${p.sample.kilobytes} KB)`);
  for (const warning of p.warnings) lines.push(`${label('Warning')}${warning}`);
  return `${lines.join('\n')}\n`;
}
