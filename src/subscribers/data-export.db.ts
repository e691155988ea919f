/**
 * "Download my data": everything the database holds about one reader, as one JSON document. Reads the
 * tables their owners write (subscribers, deliveries, feedback events, the mail outbox) and changes nothing.
 * Click counts are not in it: they hold nothing about any reader (see docs/clicks.md).
 */
import type { Database } from '../db/database.ts';
import type { Subscriber } from './store.ts';

/** The document a reader downloads; field names say what each value is, for a reader who opens it. */
export interface SubscriberData {
  exportedAt: string;
  subscription: {
    email: string;
    firstName: string | null;
    status: Subscriber['status'];
    pausedUntil: string | null;
    pendingNewEmail: string | null;
    createdAt: string;
    updatedAt: string;
  };
  /** The consent record: when, where and how they signed up and confirmed; the previous address after a change. */
  consent: Subscriber['consent'];
  /** Each issue mailed (or attempted) to them. */
  deliveries: { issue: number; status: string; sentAt: string | null }[];
  /** Bounces and complaints received about their address. */
  feedback: { kind: string; issue: number | null; occurredAt: string }[];
  /** Confirmation and welcome emails. */
  notices: { kind: string; status: string; createdAt: string; sentAt: string | null }[];
}

export async function subscriberData(db: Pick<Database, 'all'>, subscriber: Subscriber, now: Date): Promise<SubscriberData> {
  const id = subscriber.id;
  const deliveries = await db.all<{ issue: number; status: string; sent_at: string | null }>('SELECT issue, status, sent_at FROM deliveries WHERE subscriber_id = ? ORDER BY issue', [id]);
  const feedback = await db.all<{ kind: string; issue: number | null; occurred_at: string }>('SELECT kind, issue, occurred_at FROM feedback_events WHERE subscriber_id = ? ORDER BY occurred_at', [id]);
  const notices = await db.all<{ kind: string; status: string; created_at: string; sent_at: string | null }>('SELECT kind, status, created_at, sent_at FROM mail_outbox WHERE subscriber_id = ? ORDER BY id', [id]);
  return {
    exportedAt: now.toISOString(),
    subscription: {
      email: subscriber.email,
      firstName: subscriber.firstName,
      status: subscriber.status,
      pausedUntil: subscriber.pausedUntil,
      pendingNewEmail: subscriber.pendingEmail,
      createdAt: subscriber.createdAt,
      updatedAt: subscriber.updatedAt,
    },
    consent: subscriber.consent,
    deliveries: deliveries.map((d) => ({ issue: Number(d.issue), status: d.status, sentAt: d.sent_at })),
    feedback: feedback.map((f) => ({ kind: f.kind, issue: f.issue === null ? null : Number(f.issue), occurredAt: f.occurred_at })),
    notices: notices.map((n) => ({ kind: n.kind, status: n.status, createdAt: n.created_at, sentAt: n.sent_at })),
  };
}
