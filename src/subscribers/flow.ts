/**
 * Signup, confirmation and unsubscribe, with every I/O passed in (store, mailer, clock),
 * so the server, the tests and the CLI share one implementation. Answers never reveal
 * whether an address was already known.
 */
import type { Mailer } from '../mail/mailer.ts';
import { fillPlaceholders } from '../email/placeholders.ts';
import { checkEmailAddress, cleanFirstName } from './email-address.ts';
import { CONFIRM_LINK_DAYS, CONSENT_TEXT } from './consent.ts';
import type { Subscriber, SubscriberStore } from './store.ts';
import { createToken, peekToken, verifyToken, type TokenCheck } from './tokens.ts';

export interface NoticeEmail {
  subject: string;
  html: string;
  text: string;
}

export interface FlowDeps {
  store: SubscriberStore;
  mailer: Mailer;
  secret: string;
  /** Base URL for links in emails, e.g. https://tips.example.com */
  linkBase: string;
  from: string;
  replyTo: string;
  notices: () => Promise<{ confirm: NoticeEmail; welcome: NoticeEmail }>;
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
  | { kind: 'invalid'; errors: { email?: string; firstName?: string }; values: { email: string; firstName: string } }
  | { kind: 'mail-failed' };

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export const confirmUrl = (deps: Pick<FlowDeps, 'secret' | 'linkBase'>, s: Subscriber, now: Date) =>
  new URL(`/confirm/?token=${createToken(deps.secret, { purpose: 'confirm', subscriberId: s.id, expiresAt: now.getTime() + CONFIRM_LINK_DAYS * 86_400_000 }, s.email)}`, deps.linkBase).href;

/** The subscriber's own one-click unsubscribe URL (also for List-Unsubscribe). */
export const unsubscribeUrl = (deps: Pick<FlowDeps, 'secret' | 'linkBase'>, s: Pick<Subscriber, 'id' | 'email'>) =>
  new URL(`/unsubscribe/?token=${createToken(deps.secret, { purpose: 'unsubscribe', subscriberId: s.id }, s.email)}`, deps.linkBase).href;

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
  const outcome = deps.store.signup({
    email: address.email,
    firstName: name.firstName,
    at: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    form: text(form.form).slice(0, 80) || 'site',
    consentText: CONSENT_TEXT,
  });
  if (outcome.kind !== 'pending') return { kind: 'check-inbox' };
  try {
    const { confirm } = await deps.notices();
    const s = outcome.subscriber;
    const values = { confirm_url: confirmUrl(deps, s, now), first_name: s.firstName ?? undefined };
    await deps.mailer.send({
      from: deps.from,
      replyTo: deps.replyTo,
      to: s.email,
      subject: confirm.subject,
      html: fillPlaceholders(confirm.html, values, 'html'),
      text: fillPlaceholders(confirm.text, values, 'text'),
    });
    return { kind: 'check-inbox' };
  } catch (error) {
    deps.log(`Could not send the confirmation email to subscriber ${outcome.subscriber.id}: ${(error as Error).message}. They stay pending and can sign up again.`);
    return { kind: 'mail-failed' };
  }
}

export type TokenResult<T> = { kind: 'ok'; subscriber: Subscriber; detail: T } | { kind: 'invalid'; reason: Exclude<TokenCheck, { ok: true }>['reason'] | 'unknown' };


type InvalidReason = Exclude<TokenCheck, { ok: true }>['reason'] | 'unknown';

function checkToken(token: unknown, purpose: 'confirm' | 'unsubscribe', deps: FlowDeps): { ok: true; subscriber: Subscriber } | { ok: false; reason: InvalidReason } {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'malformed' };
  const claims = peekToken(token);
  const subscriber = claims ? deps.store.byId(claims.subscriberId) : undefined;
  if (!subscriber) return { ok: false, reason: claims ? 'unknown' : 'malformed' };
  const check = verifyToken(deps.secret, token, subscriber.email, purpose, deps.now());
  return check.ok ? { ok: true, subscriber } : { ok: false, reason: check.reason };
}

/** Confirms a pending subscriber and sends the welcome email, once. */
export async function confirm(token: unknown, meta: { ip: string | null }, deps: FlowDeps): Promise<TokenResult<'confirmed' | 'already-confirmed' | 'not-pending'>> {
  const checked = checkToken(token, 'confirm', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  const before = checked.subscriber;
  if (before.status === 'confirmed') return { kind: 'ok', subscriber: before, detail: 'already-confirmed' };
  if (before.status !== 'pending') return { kind: 'ok', subscriber: before, detail: 'not-pending' };
  const subscriber = deps.store.confirm(before.id, deps.now(), meta.ip)!;
  try {
    const { welcome } = await deps.notices();
    const values = { unsubscribe_url: unsubscribeUrl(deps, subscriber), first_name: subscriber.firstName ?? undefined };
    await deps.mailer.send({
      from: deps.from,
      replyTo: deps.replyTo,
      to: subscriber.email,
      subject: welcome.subject,
      html: fillPlaceholders(welcome.html, values, 'html'),
      text: fillPlaceholders(welcome.text, values, 'text'),
      headers: {
        'List-Unsubscribe': { prepared: true, value: `<${values.unsubscribe_url}>` },
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  } catch (error) {
    deps.log(`Subscriber ${subscriber.id} confirmed, but the welcome email failed: ${(error as Error).message}. They are subscribed all the same.`);
  }
  return { kind: 'ok', subscriber, detail: 'confirmed' };
}

/** Reads an unsubscribe link without acting on it (a GET never unsubscribes). */
export function lookupUnsubscribe(token: unknown, deps: FlowDeps): TokenResult<'found'> {
  const checked = checkToken(token, 'unsubscribe', deps);
  return checked.ok ? { kind: 'ok', subscriber: checked.subscriber, detail: 'found' } : { kind: 'invalid', reason: checked.reason };
}

/** Unsubscribes; idempotent. */
export function unsubscribe(token: unknown, deps: FlowDeps): TokenResult<'unsubscribed' | 'already-unsubscribed'> {
  const checked = checkToken(token, 'unsubscribe', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  if (checked.subscriber.status === 'unsubscribed') return { kind: 'ok', subscriber: checked.subscriber, detail: 'already-unsubscribed' };
  const subscriber = deps.store.unsubscribe(checked.subscriber.id, deps.now())!;
  return { kind: 'ok', subscriber, detail: 'unsubscribed' };
}
