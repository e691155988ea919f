/**
 * Where subscribers live. One small interface, so SQLite (the default) can be joined by
 * a PostgreSQL store for large lists without touching the signup flow or the sender.
 */

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced';
export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed', 'bounced'];

/** What the subscriber agreed to, when and from where: kept as proof of consent. */
export interface Consent {
  signupAt: string;
  signupIp: string | null;
  signupUserAgent: string | null;
  /** Which form (e.g. "tip:own-it", "subscribe-page") or import note. */
  form: string | null;
  consentText: string | null;
  confirmedAt: string | null;
  confirmIp: string | null;
  unsubscribedAt: string | null;
}

export interface Subscriber {
  id: number;
  email: string;
  firstName: string | null;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
  consent: Consent;
}

export interface SignupRecord {
  email: string;
  firstName: string | undefined;
  at: Date;
  ip: string | null;
  userAgent: string | null;
  form: string;
  consentText: string;
}

export type SignupOutcome =
  /** New, or was pending / unsubscribed / bounced: now pending, send a confirmation. */
  | { kind: 'pending'; subscriber: Subscriber }
  /** Already confirmed: nothing to send. */
  | { kind: 'already-confirmed'; subscriber: Subscriber }
  /** Erased earlier and suppressed: never mail. */
  | { kind: 'suppressed' };

export interface ImportRow {
  email: string;
  firstName: string | undefined;
}

export interface SubscriberStore {
  /** Creates or refreshes a pending subscriber, keeping confirmed ones as they are. */
  signup: (record: SignupRecord) => SignupOutcome;
  byId: (id: number) => Subscriber | undefined;
  byEmail: (email: string) => Subscriber | undefined;
  /** pending → confirmed; idempotent for confirmed. Returns the subscriber after the change. */
  confirm: (id: number, at: Date, ip: string | null) => Subscriber | undefined;
  /** → unsubscribed; idempotent. */
  unsubscribe: (id: number, at: Date) => Subscriber | undefined;
  /** → bounced (hard bounce), and suppressed from sending. */
  markBounced: (id: number, at: Date) => void;
  list: (status?: SubscriberStatus) => Subscriber[];
  count: () => Record<SubscriberStatus, number> & { total: number };
  /** Adds confirmed subscribers with a consent note; skips addresses already present. */
  importConfirmed: (rows: ImportRow[], consentNote: string, at: Date) => { added: number; skipped: number };
  /** Erases personal data and keeps a one-way hash so the address is never mailed again. */
  erase: (email: string, at: Date) => boolean;
  isSuppressed: (email: string) => boolean;
  close: () => void;
}
