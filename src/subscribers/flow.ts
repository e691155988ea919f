/**
 * Signup, confirmation and unsubscribe, with every I/O passed in (store, mail transport,
 * clock), so the server and the tests share one implementation. Answers never reveal
 * whether an address was already known.
 */
import { buildMessage, type EmailTemplate, type SenderIdentity } from '../email/message.ts';
import type { MailTransport } from '../mail/transport.ts';
import { checkEmailAddress, cleanFirstName } from './email-address.ts';
import { CONSENT_TEXT } from './consent.ts';
import { confirmUrl, unsubscribeUrl, type LinkSigning } from './links.ts';
import type { Subscriber, SubscriberStore } from './store.ts';
import { peekToken, verifyToken, type TokenCheck } from './tokens.ts';

/** The two notice emails the build renders (build/email/notice-*.html|txt). */
export interface Notices {
  confirm: EmailTemplate;
  welcome: EmailTemplate;
}

export interface FlowDeps {
  store: SubscriberStore;
  transport: Pick<MailTransport, 'send' | 'describeError'>;
  links: LinkSigning;
  sender: SenderIdentity;
  notices: () => Promise<Notices>;
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
  const outcome = await deps.store.signup({
    email: address.email,
    firstName: name.firstName,
    at: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    form: text(form.form).slice(0, 80) || 'site',
    consentText: CONSENT_TEXT,
  });
  if (outcome.kind !== 'pending') return { kind: 'check-inbox' };
  const s = outcome.subscriber;
  try {
    const { confirm } = await deps.notices();
    await deps.transport.send(
      buildMessage({
        sender: deps.sender,
        template: confirm,
        recipient: s,
        confirmUrl: confirmUrl(deps.links, s, now),
        greetByName: false,
        messageKey: `confirm.${s.id}.${now.getTime().toString(36)}`,
        date: now,
      }),
    );
    return { kind: 'check-inbox' };
  } catch (error) {
    deps.log(`Could not send the confirmation email to subscriber ${s.id}: ${deps.transport.describeError(error)}. They stay pending and can sign up again.`);
    return { kind: 'mail-failed' };
  }
}

type InvalidReason = Exclude<TokenCheck, { ok: true }>['reason'] | 'unknown';

export type TokenResult<T> = { kind: 'ok'; subscriber: Subscriber; detail: T } | { kind: 'invalid'; reason: InvalidReason };

async function checkToken(token: unknown, purpose: 'confirm' | 'unsubscribe', deps: FlowDeps): Promise<{ ok: true; subscriber: Subscriber } | { ok: false; reason: InvalidReason }> {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'malformed' };
  const claims = peekToken(token);
  const subscriber = claims ? await deps.store.byId(claims.subscriberId) : undefined;
  if (!subscriber) return { ok: false, reason: claims ? 'unknown' : 'malformed' };
  const check = verifyToken(deps.links.secret, token, subscriber.email, purpose, deps.now());
  return check.ok ? { ok: true, subscriber } : { ok: false, reason: check.reason };
}

/** Confirms a pending subscriber and sends the welcome email, once. */
export async function confirm(token: unknown, meta: { ip: string | null }, deps: FlowDeps): Promise<TokenResult<'confirmed' | 'already-confirmed' | 'not-pending'>> {
  const checked = await checkToken(token, 'confirm', deps);
  if (!checked.ok) return { kind: 'invalid', reason: checked.reason };
  const before = checked.subscriber;
  if (before.status === 'confirmed') return { kind: 'ok', subscriber: before, detail: 'already-confirmed' };
  if (before.status !== 'pending') return { kind: 'ok', subscriber: before, detail: 'not-pending' };
  const now = deps.now();
  const { subscriber, confirmedNow } = (await deps.store.confirm(before.id, now, meta.ip))!;
  // Another request (another server) confirmed them between our read and our update: it welcomes them.
  if (!confirmedNow) return { kind: 'ok', subscriber, detail: 'already-confirmed' };
  try {
    const { welcome } = await deps.notices();
    await deps.transport.send(
      buildMessage({
        sender: deps.sender,
        template: welcome,
        recipient: subscriber,
        unsubscribeUrl: unsubscribeUrl(deps.links, subscriber),
        messageKey: `welcome.${subscriber.id}.${now.getTime().toString(36)}`,
        date: now,
      }),
    );
  } catch (error) {
    deps.log(`Subscriber ${subscriber.id} confirmed, but the welcome email failed: ${deps.transport.describeError(error)}. They are subscribed all the same.`);
  }
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
