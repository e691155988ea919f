/**
 * The preference page's actions ("Manage your subscription"), with every I/O passed in as for the signup
 * flow: the page reads the signed link, parses the button pressed, and calls one function here, which
 * changes the subscriber only through the subscriber store.
 */
import { checkEmailAddress } from './email-address.ts';
import { CONFIRMATION_COOLDOWN_MS, signup, type FlowDeps } from './flow.ts';
import { PAUSE_WEEKS, type PauseWeeks } from './preference-text.ts';
import type { Subscriber } from './store.ts';
import { peekToken, verifyToken } from './tokens.ts';

export type PreferenceAction =
  | { kind: 'pause'; weeks: PauseWeeks }
  | { kind: 'resume' }
  | { kind: 'change-address'; email: string }
  | { kind: 'unsubscribe' }
  | { kind: 'resubscribe' }
  | { kind: 'export' }
  | { kind: 'erase' };

/** The button pressed, from the posted form; an error message for the address field when it is not an address. */
export function parseAction(form: Record<string, string>): PreferenceAction | { kind: 'invalid'; message: string } {
  switch (form['action']) {
    case 'pause': {
      const weeks = Number(form['weeks']);
      return (PAUSE_WEEKS as readonly number[]).includes(weeks) ? { kind: 'pause', weeks: weeks as PauseWeeks } : { kind: 'invalid', message: `Pause for ${PAUSE_WEEKS.join(', ')} weeks.` };
    }
    case 'change-address': {
      const address = checkEmailAddress(form['email']);
      return address.ok ? { kind: 'change-address', email: address.email } : { kind: 'invalid', message: address.message };
    }
    case 'resume':
    case 'unsubscribe':
    case 'resubscribe':
    case 'export':
    case 'erase':
      return { kind: form['action'] };
    default:
      return { kind: 'invalid', message: 'Unknown action: use one of the buttons on the page.' };
  }
}

/** Whose preference page a link opens; undefined for a forged, altered or outdated link. */
export async function lookupManage(token: unknown, deps: Pick<FlowDeps, 'store' | 'secret' | 'now'>): Promise<Subscriber | undefined> {
  if (typeof token !== 'string' || token === '') return undefined;
  const claims = peekToken(token);
  const subscriber = claims ? await deps.store.byId(claims.subscriberId) : undefined;
  return subscriber && verifyToken(deps.secret, token, subscriber.email, 'manage', deps.now()).ok ? subscriber : undefined;
}

export type ActionResult =
  | { done: 'paused'; until: string }
  | { done: 'resumed' | 'addressSame' | 'addressUnavailable' | 'notSubscribed' | 'unsubscribed' | 'erased' }
  | { done: 'addressRequested' | 'addressCooldown' | 'resubscribed'; email: string };

const WEEK_MS = 7 * 86_400_000;

/** Carries out one button (all but `export`, which the page answers with the data itself). */
export async function applyAction(subscriber: Subscriber, action: Exclude<PreferenceAction, { kind: 'export' }>, meta: { ip: string | null; userAgent: string | null }, deps: FlowDeps): Promise<ActionResult> {
  const now = deps.now();
  const { store } = deps;
  switch (action.kind) {
    case 'pause': {
      if (subscriber.status !== 'confirmed') return { done: 'notSubscribed' };
      const paused = await store.pause(subscriber.id, new Date(now.getTime() + action.weeks * WEEK_MS), now);
      return { done: 'paused', until: paused!.pausedUntil! };
    }
    case 'resume':
      await store.resume(subscriber.id, now);
      return { done: 'resumed' };
    case 'change-address': {
      const request = await store.requestAddressChange(subscriber.id, action.email, now, { cooldownMs: CONFIRMATION_COOLDOWN_MS });
      if (request.kind === 'same') return { done: 'addressSame' };
      if (request.kind === 'unavailable') return { done: 'addressUnavailable' };
      if (request.kind === 'not-subscribed') return { done: 'notSubscribed' };
      if (request.queued) deps.wake();
      return { done: request.queued ? 'addressRequested' : 'addressCooldown', email: action.email };
    }
    case 'unsubscribe':
      await store.unsubscribe(subscriber.id, now);
      return { done: 'unsubscribed' };
    case 'resubscribe':
      // A fresh confirmation, with the sign-up's cooldown and consent record, exactly as the signup form.
      await signup({ email: subscriber.email, firstName: subscriber.firstName ?? undefined, form: 'preferences' }, meta, deps);
      return { done: 'resubscribed', email: subscriber.email };
    case 'erase':
      await store.erase(subscriber.email, now);
      return { done: 'erased' };
  }
}

export type AddressConfirmation =
  | { kind: 'pending'; subscriber: Subscriber; email: string }
  | { kind: 'changed' | 'already-changed'; email: string }
  | { kind: 'unavailable' }
  | { kind: 'invalid' };

/** Checks a new-address link (GET shows a button: scanners follow links) and, with `apply`, makes the change. */
export async function confirmAddress(token: unknown, apply: boolean, deps: Pick<FlowDeps, 'store' | 'secret' | 'now'>): Promise<AddressConfirmation> {
  const claims = typeof token === 'string' ? peekToken(token) : undefined;
  const subscriber = claims?.purpose === 'change' ? await deps.store.byId(claims.subscriberId) : undefined;
  if (!subscriber || typeof token !== 'string') return { kind: 'invalid' };
  const now = deps.now();
  if (verifyToken(deps.secret, token, subscriber.email, 'change', now).ok) return { kind: 'already-changed', email: subscriber.email };
  const pending = subscriber.pendingEmail;
  if (!pending || !verifyToken(deps.secret, token, pending, 'change', now).ok) return { kind: 'invalid' };
  if (!apply) return { kind: 'pending', subscriber, email: pending };
  const outcome = await deps.store.confirmAddressChange(subscriber.id, pending, now);
  if (outcome.kind === 'changed' || outcome.kind === 'already-changed') return { kind: outcome.kind, email: outcome.subscriber.email };
  return outcome.kind === 'unavailable' ? { kind: 'unavailable' } : { kind: 'invalid' };
}
