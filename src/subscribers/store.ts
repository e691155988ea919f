/**
 * Subscribers and their consent records: the shapes, and the store interface that the
 * signup flow, the sender, the bounce code and the CLI use. The store is the one writer of the
 * `subscribers` and `suppressions` tables: every status change goes through it, with one set of
 * guards, whoever asks.
 */
import type { Queryable } from '../db/database.ts';

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
  /** The address before the last confirmed change (the consent was given there), if any. */
  previousEmail: string | null;
  /** When the reader confirmed their current address in place of `previousEmail`. */
  emailChangedAt: string | null;
}

export interface Subscriber {
  id: number;
  email: string;
  firstName: string | null;
  status: SubscriberStatus;
  createdAt: string;
  updatedAt: string;
  consent: Consent;
  /** No issue is planned for them before this moment (a pause from the preference page); null when not paused. */
  pausedUntil: string | null;
  /** A new address waiting for its confirmation; mail goes to `email` until it is confirmed. */
  pendingEmail: string | null;
  /** When `pendingEmail` was asked for (its confirmation link runs from then). */
  pendingEmailAt: string | null;
}

/** Whether a reader is on a pause at `now` (no issue is planned or sent to them). Pure. */
export const pausedAt = (subscriber: Pick<Subscriber, 'pausedUntil'>, now: Date) => subscriber.pausedUntil !== null && Date.parse(subscriber.pausedUntil) > now.getTime();

/** Requesting a new address: `requested` (a confirmation queued unless one went out within the cooldown), or why not. */
export type AddressChangeRequest =
  | { kind: 'requested'; queued: boolean }
  /** The new address is the current one: nothing to do. */
  | { kind: 'same' }
  /** Another subscription holds the new address, or it is suppressed: nothing is sent to it. */
  | { kind: 'unavailable' }
  | { kind: 'not-subscribed' };

/** Confirming a new address: `changed` (mail goes there from now on), or why not. */
export type AddressChangeOutcome = { kind: 'changed'; subscriber: Subscriber } | { kind: 'already-changed'; subscriber: Subscriber } | { kind: 'unavailable' } | { kind: 'stale' };

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
  /** New, or was pending / unsubscribed / bounced: now pending; `queued` tells whether a confirmation was queued. */
  | { kind: 'pending'; subscriber: Subscriber; queued?: boolean }
  /** Already confirmed: nothing to send. */
  | { kind: 'already-confirmed'; subscriber: Subscriber }
  /** Erased earlier and suppressed: never mail. */
  | { kind: 'suppressed' };

/** What a feedback verdict changed: `none` when the subscriber was already in that state (or further). */
export type FeedbackChange = 'bounced' | 'unsubscribed' | 'none';

/**
 * The mail outbox as the store needs it: a confirmation or welcome queued inside the store's own
 * transaction (a transactional outbox). The outbox module implements it; the store is given one.
 */
export interface NoticeQueue {
  /** Adds a row inside `tx`, unless the same kind went to this subscriber within `cooldownMs`. Returns whether it did. */
  enqueue: (tx: Queryable, kind: 'confirm' | 'welcome' | 'change', subscriberId: number, at: Date, cooldownMs?: number) => Promise<boolean>;
}

/**
 * erased: the subscriber and their data are gone, the address suppressed; suppressed: not a subscriber,
 * now suppressed on request; already-suppressed: not a subscriber, suppressed before; absent: not a
 * subscriber, not suppressed, nothing done.
 */
export type EraseOutcome = 'erased' | 'suppressed' | 'already-suppressed' | 'absent';

export interface ImportRow {
  email: string;
  firstName: string | undefined;
}

/** A subscriber moved in from another list, with the consent record that list kept. */
export interface ImportedSubscriber {
  email: string;
  firstName: string | undefined;
  consent: {
    /** When they signed up there (e.g. Mailchimp's OPTIN_TIME). */
    signupAt: Date;
    signupIp: string | null;
    /** When they confirmed there (CONFIRM_TIME), else when they signed up. */
    confirmedAt: Date;
    confirmIp: string | null;
    /** Where they came from, e.g. "import:mailchimp". */
    form: string;
    /** What they agreed to and where it is recorded, e.g. "Subscribed on Mailchimp (subscribed_members_export.csv, line 4)". */
    consentText: string;
  };
}

/** An address the other list may no longer mail (unsubscribed, cleaned, complained). Only its keyed hash is kept. */
export interface ImportedSuppression {
  email: string;
  /** Stored with the hash, e.g. "import:mailchimp:cleaned". */
  reason: string;
}

export interface ImportOutcome {
  /** New confirmed subscribers. */
  added: number;
  /** Subscribers left as they were: the address was already on the list. */
  alreadyPresent: number;
  /** Subscribers not added: the address is suppressed (here already, or by this import). */
  suppressed: number;
  /** Addresses added to the suppression list. */
  suppressionsAdded: number;
  /** Subscribers already here (pending or confirmed) that this import's suppressions unsubscribed. */
  unsubscribed: number;
}

/**
 * Where subscribers live, over the database module (SQLite or PostgreSQL alike). Every call
 * is one statement or one transaction, so concurrent servers cannot lose an update.
 */
export interface SubscriberStore {
  /**
   * Creates or refreshes a pending subscriber, keeping confirmed ones as they are. With
   * `queueConfirmation`, a confirmation email is queued in the mail outbox in the same
   * transaction, unless one was queued for this subscriber within `cooldownMs`.
   */
  signup: (record: SignupRecord, options?: { queueConfirmation?: { cooldownMs: number } }) => Promise<SignupOutcome>;
  byId: (id: number) => Promise<Subscriber | undefined>;
  /** Several at once, in any order (the sender loads a claimed batch with one query); missing ids are left out. */
  byIds: (ids: readonly number[]) => Promise<Subscriber[]>;
  byEmail: (email: string) => Promise<Subscriber | undefined>;
  /**
   * pending → confirmed; idempotent for confirmed. Returns the subscriber after the change and
   * whether this call confirmed them (of two servers handling one link at once, one does). With
   * `queueWelcome`, the welcome email is queued in the same transaction, by that call only.
   */
  confirm: (id: number, at: Date, ip: string | null, options?: { queueWelcome?: boolean }) => Promise<{ subscriber: Subscriber; confirmedNow: boolean } | undefined>;
  /** → unsubscribed; idempotent. */
  unsubscribe: (id: number, at: Date) => Promise<Subscriber | undefined>;
  /**
   * → bounced (hard bounce): never mailed again unless they sign up and confirm anew. Only a pending
   * or confirmed subscriber: an unsubscribed reader who bounces stays unsubscribed (their own choice).
   */
  markBounced: (id: number, at: Date) => Promise<void>;
  /**
   * The feedback policy's verdict applied inside the caller's transaction (bounces/feedback.db.ts):
   * `bounced` as markBounced; `complained` unsubscribes (unless already) and suppresses the address,
   * so no form signs it up again.
   */
  applyFeedback: (tx: Queryable, id: number, verdict: 'bounced' | 'complained', at: Date) => Promise<FeedbackChange>;
  list: (status?: SubscriberStatus) => Promise<Subscriber[]>;
  count: () => Promise<Record<SubscriberStatus, number> & { total: number }>;
  /** Adds confirmed subscribers with a consent note; skips addresses already present or suppressed. */
  importConfirmed: (rows: ImportRow[], consentNote: string, at: Date) => Promise<{ added: number; skipped: number }>;
  /**
   * Moves a list in, in one transaction: suppressions first (an address already here is
   * unsubscribed, as after a complaint), then confirmed subscribers with their own consent
   * records, skipping suppressed addresses and leaving ones already here unchanged.
   */
  importRows: (rows: { subscribers: readonly ImportedSubscriber[]; suppressions: readonly ImportedSuppression[] }, at: Date) => Promise<ImportOutcome>;
  /**
   * Erases personal data and keeps a keyed hash so the address is never mailed again. An address that
   * is not a subscriber is suppressed only with `suppressIfAbsent` (a stranger asking never to be mailed):
   * otherwise a typo would silently block somebody else.
   */
  erase: (email: string, at: Date, options?: { suppressIfAbsent?: boolean }) => Promise<EraseOutcome>;
  isSuppressed: (email: string) => Promise<boolean>;
  /** Lifts a suppression (erased, complained, or suppressed on request); false when there was none. */
  unsuppress: (email: string) => Promise<boolean>;
  /** A confirmed reader takes a break: no issue is planned for them before `until`; then they receive again by themselves. */
  pause: (id: number, until: Date, at: Date) => Promise<Subscriber | undefined>;
  /** Ends a pause now. */
  resume: (id: number, at: Date) => Promise<Subscriber | undefined>;
  /**
   * Records `newEmail` as pending and queues its confirmation (outbox kind `change`) in the same transaction,
   * unless one was queued for this subscriber within `cooldownMs`. Mail keeps going to the current address.
   */
  requestAddressChange: (id: number, newEmail: string, at: Date, options: { cooldownMs: number }) => Promise<AddressChangeRequest>;
  /**
   * The pending address becomes the address (the old one is kept as `previousEmail` in the consent record),
   * only if it is still the one `confirmedEmail` names: a link sent to an address replaced since is stale.
   */
  confirmAddressChange: (id: number, confirmedEmail: string, at: Date) => Promise<AddressChangeOutcome>;
}
