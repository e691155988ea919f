/**
 * Signup, confirmation and unsubscribe, with every I/O passed in (store, clock, the
 * outbox worker's wake-up), so the server and the tests share one implementation. Emails
 * are queued in the mail outbox in the same transaction as the change that causes them and
 * delivered by the outbox worker: a request never waits for the mail server, and answers
 * never reveal whether an address was already known.
 */
import type { EmailTemplate } from '../email/message.ts';
import { checkEmailAddress, cleanFirstName, cleanText } from './email-address.ts';
import { CONSENT_TEXT } from './consent.ts';
import type { Subscriber, SubscriberStore } from './store.ts';
import { peekToken, verifyToken, type TokenCheck } from './tokens.ts';

/** The notice emails the build renders (build/email/notice-*.html|txt). */
export interface Notices {
  /** Asks a new reader to confirm the sign-up. */
  confirm: EmailTemplate;
  /** Greets a reader once confirmed. */
  welcome: EmailTemplate;
  /** Sent to the new address a reader gave on the preference page, to confirm the move. */
  change: EmailTemplate;
}

/** At most one confirmation email per address in this window, whoever asks and from wherever (no subscription bombing). */
export const CONFIRMATION_COOLDOWN_MS = 10 * 60_000;

export interface FlowDeps {
  store: SubscriberStore;
  /** Signs and checks the links in emails. */
  secret: string;
  /** Tells the outbox worker a new email is queued. */
  wake: () => void;
  now: () => Date;
  log: (line: string) => void;
}

export interface SignupForm {
  email?: unknown;
  firstName?: unknown;
  /** Honeypot: people leave it empty, bots fill it in. */
  website?: unknown;
  form?: unknown;
}

export type SignupResult =
  | { kind: 'check-inbox' }
  | { kind: 'invalid'; errors: { email?: string; firstName?: string }; values: { email: string; firstName: string } };

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export async function signup(form: SignupForm, meta: { ip: string | null; userAgent: string | null }, deps: FlowDeps): Promise<SignupResult> {
  if (text(form.website).trim() !== '') {
    deps.log(`Honeypot filled from ${meta.ip ?? 'unknown IP'}; ignored.`);
    return { kind: 'check-inbox' };
  }
  const address = checkEmailAddress(form.email);
  const name = cleanFirstName(form.firstName);
  if (!address.ok || !name.ok) {
    return {
      kind: 'invalid',
      errors: { ...(!address.ok ? { email: address.message } : {}), ...(!name.ok ? { firstName: name.message } : {}) },
      values: { email: text(form.email).slice(0, 300), firstName: text(form.firstName).slice(0, 100) },
    };
  }
  const now = deps.now();
  const outcome = await deps.store.signup(
    {
      email: address.email,
      firstName: name.firstName,
      at: now,
      ip: meta.ip,
      userAgent: meta.userAgent ? cleanText(meta.userAgent).slice(0, 500) : null,
      form: cleanText(text(form.form)).slice(0, 80) || 'site',
      consentText: CONSENT_TEXT,
    },
    { queueConfirmation: { cooldownMs: CONFIRMATION_COOLDOWN_MS } },
  );
  if (outcome.kind === 'pending' && outcome.queued) deps.wake();
  return { kind: 'check-inbox' };
}

type InvalidReason = Exclude<TokenCheck, { ok: true }>['reason'] | 'unknown';

export type TokenResult<T> = { kind: 'ok'; subscriber: Subscriber; detail: T } | { kind: 'invalid'; reason: InvalidReason };

async function checkToken(token: unknown, purpose: 'confirm' | 'unsubscribe', deps: FlowDeps): Promise<{ ok: true; subscriber: Subscriber } | { ok: false; reason: InvalidReason }> {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'malformed' };
  const claims = peekToken(token);
  const subscriber = claims ? await deps.store.byId(claims.subscriberId) : undefined;
  if (!subscriber) return { ok: false, reason: claims ? 'unknown' : 'malformed' };
  const check = verifyToken(deps.secret, token, subscriber.email, purpose, deps.now());
  return check.ok ? { ok: true, subscriber } : { ok: false, reason: check.reason };
}

/**
 * Reads a confirmation link without acting on it: a GET only shows the button, because
 * mail scanners follow links and would otherwise confirm subscriptions nobody asked for.
 */
export async function lookupConfirm(token: unknown, deps: FlowDeps): Promise<TokenResult<'pending' | 'already-confirmed' | 'not-pending'>> {
  const checked = await checkToken(token, 'confirm', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  const { subscriber } = checked;
  return { kind: 'ok', subscriber, detail: subscriber.status === 'pending' ? 'pending' : subscriber.status === 'confirmed' ? 'already-confirmed' : 'not-pending' };
}

/** Confirms a pending subscriber and queues the welcome email, once. */
export async function confirm(token: unknown, meta: { ip: string | null }, deps: FlowDeps): Promise<TokenResult<'confirmed' | 'already-confirmed' | 'not-pending'>> {
  const checked = await checkToken(token, 'confirm', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  const before = checked.subscriber;
  if (before.status === 'confirmed') return { kind: 'ok', subscriber: before, detail: 'already-confirmed' };
  if (before.status !== 'pending') return { kind: 'ok', subscriber: before, detail: 'not-pending' };
  const { subscriber, confirmedNow } = (await deps.store.confirm(before.id, deps.now(), meta.ip, { queueWelcome: true }))!;
  // Another request (another server) confirmed them between our read and our update: it welcomes them.
  if (!confirmedNow) return { kind: 'ok', subscriber, detail: subscriber.status === 'confirmed' ? 'already-confirmed' : 'not-pending' };
  deps.wake();
  return { kind: 'ok', subscriber, detail: 'confirmed' };
}

/** Reads an unsubscribe link without acting on it (a GET never unsubscribes). */
export async function lookupUnsubscribe(token: unknown, deps: FlowDeps): Promise<TokenResult<'found'>> {
  const checked = await checkToken(token, 'unsubscribe', deps);
  return checked.ok ? { kind: 'ok', subscriber: checked.subscriber, detail: 'found' } : { kind: 'invalid', reason: checked.reason };
}

/** Unsubscribes; idempotent. */
export async function unsubscribe(token: unknown, deps: FlowDeps): Promise<TokenResult<'unsubscribed' | 'already-unsubscribed'>> {
  const checked = await checkToken(token, 'unsubscribe', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  if (checked.subscriber.status === 'unsubscribed') return { kind: 'ok', subscriber: checked.subscriber, detail: 'already-unsubscribed' };
  const subscriber = (await deps.store.unsubscribe(checked.subscriber.id, deps.now()))!;
  return { kind: 'ok', subscriber, detail: 'unsubscribed' };
}
