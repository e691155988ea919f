/** The signup flow with an in-memory store: what it stores, when it wakes the outbox worker, and how it reads links. */
import { describe, expect, it } from 'vitest';
import { CONSENT_TEXT } from './consent.ts';
import { CONFIRMATION_COOLDOWN_MS, confirm, lookupConfirm, lookupUnsubscribe, signup, unsubscribe, type FlowDeps } from './flow.ts';
import type { SignupOutcome, SignupRecord, Subscriber, SubscriberStore } from './store.ts';
import { createToken } from './tokens.ts';
import { OTHER_SECRET, TEST_SECRET as SECRET } from '../testing/secrets.ts';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const meta = { ip: '203.0.113.5', userAgent: 'Mozilla/5.0' };

/** Keeps subscribers in a map; a confirmation is "queued" unless one was within the cooldown, like the database store. */
function memoryStore() {
  const subscribers = new Map<number, Subscriber>();
  const lastConfirmation = new Map<number, number>();
  const calls: { signup: { record: SignupRecord; cooldownMs: number | undefined }[]; welcomes: number[] } = { signup: [], welcomes: [] };
  let suppressed = new Set<string>();
  const unused = () => {
    throw new Error('not used by the flow');
  };
  const store: SubscriberStore = {
    async signup(record, options = {}): Promise<SignupOutcome> {
      calls.signup.push({ record, cooldownMs: options.queueConfirmation?.cooldownMs });
      if (suppressed.has(record.email)) return { kind: 'suppressed' };
      const existing = [...subscribers.values()].find((s) => s.email === record.email);
      if (existing?.status === 'confirmed') return { kind: 'already-confirmed', subscriber: existing };
      const subscriber: Subscriber = existing
        ? { ...existing, status: 'pending' }
        : {
            id: subscribers.size + 1,
            email: record.email,
            firstName: record.firstName ?? null,
            status: 'pending',
            createdAt: record.at.toISOString(),
            updatedAt: record.at.toISOString(),
            consent: { signupAt: record.at.toISOString(), signupIp: record.ip, signupUserAgent: record.userAgent, form: record.form, consentText: record.consentText, confirmedAt: null, confirmIp: null, unsubscribedAt: null, previousEmail: null, emailChangedAt: null },
            pausedUntil: null,
            pendingEmail: null,
            pendingEmailAt: null,
          };
      subscribers.set(subscriber.id, subscriber);
      const cooldown = options.queueConfirmation?.cooldownMs;
      const last = lastConfirmation.get(subscriber.id);
      const queued = cooldown !== undefined && (last === undefined || record.at.getTime() - last >= cooldown);
      if (queued) lastConfirmation.set(subscriber.id, record.at.getTime());
      return { kind: 'pending', subscriber, queued };
    },
    byId: async (id) => subscribers.get(id),
    byIds: async (ids) => ids.map((id) => subscribers.get(id)).filter((s): s is Subscriber => s !== undefined),
    byEmail: async (email) => [...subscribers.values()].find((s) => s.email === email),
    async confirm(id, at, ip, options = {}) {
      const s = subscribers.get(id);
      const confirmedNow = s?.status === 'pending';
      if (confirmedNow) {
        subscribers.set(id, { ...s, status: 'confirmed', consent: { ...s.consent, confirmedAt: at.toISOString(), confirmIp: ip } });
        if (options.queueWelcome) calls.welcomes.push(id);
      }
      const after = subscribers.get(id);
      return after && { subscriber: after, confirmedNow };
    },
    async unsubscribe(id, at) {
      const s = subscribers.get(id)!;
      subscribers.set(id, { ...s, status: 'unsubscribed', consent: { ...s.consent, unsubscribedAt: at.toISOString() } });
      return subscribers.get(id);
    },
    markBounced: unused,
    applyFeedback: unused,
    list: unused,
    count: unused,
    importConfirmed: unused,
    importRows: unused,
    erase: unused,
    unsuppress: unused,
    pause: unused,
    resume: unused,
    requestAddressChange: unused,
    confirmAddressChange: unused,
    isSuppressed: async (email) => suppressed.has(email),
  };
  return { store, subscribers, calls, suppress: (emails: string[]) => void (suppressed = new Set(emails)) };
}

function setup(now = NOW) {
  const memory = memoryStore();
  let wakes = 0;
  const logs: string[] = [];
  const clock = { now };
  const deps: FlowDeps = { store: memory.store, secret: SECRET, wake: () => void wakes++, now: () => clock.now, log: (line) => logs.push(line) };
  return { ...memory, deps, logs, clock, wakes: () => wakes };
}

describe('signup', () => {
  it('stores a pending subscriber with the consent record, asks for a confirmation with the cooldown, and wakes the worker', async () => {
    const t = setup();
    expect(await signup({ email: '  Ana@Example.COM ', firstName: ' Ana ', form: 'tip:own-it' }, { ip: '203.0.113.5', userAgent: 'Mozilla/5.0\u202e\u0000(evil)' }, t.deps)).toEqual({ kind: 'check-inbox' });
    expect(t.calls.signup).toEqual([
      {
        record: { email: 'ana@example.com', firstName: 'Ana', at: NOW, ip: '203.0.113.5', userAgent: 'Mozilla/5.0 (evil)', form: 'tip:own-it', consentText: CONSENT_TEXT },
        cooldownMs: CONFIRMATION_COOLDOWN_MS,
      },
    ]);
    expect(CONFIRMATION_COOLDOWN_MS).toBe(10 * 60_000);
    expect(t.wakes()).toBe(1);
  });

  it('names the form "site" when none is given and drops control characters from it', async () => {
    const t = setup();
    await signup({ email: 'a@example.com' }, { ip: null, userAgent: null }, t.deps);
    await signup({ email: 'b@example.com', form: 'page\u0000\u202ex' }, { ip: null, userAgent: null }, t.deps);
    expect(t.calls.signup.map((c) => [c.record.form, c.record.userAgent, c.record.firstName])).toEqual([
      ['site', null, undefined],
      ['page x', null, undefined],
    ]);
  });

  it('does not wake the worker when nothing was queued: within the cooldown, already confirmed, suppressed', async () => {
    const t = setup();
    await signup({ email: 'ana@example.com' }, meta, t.deps);
    t.clock.now = new Date(NOW.getTime() + CONFIRMATION_COOLDOWN_MS - 1);
    expect(await signup({ email: 'ana@example.com' }, meta, t.deps)).toEqual({ kind: 'check-inbox' });
    expect(t.wakes()).toBe(1);
    t.clock.now = new Date(NOW.getTime() + CONFIRMATION_COOLDOWN_MS);
    await signup({ email: 'ana@example.com' }, meta, t.deps);
    expect(t.wakes()).toBe(2);

    await t.store.confirm(1, NOW, null);
    expect(await signup({ email: 'ana@example.com' }, meta, t.deps)).toEqual({ kind: 'check-inbox' });
    t.suppress(['gone@example.com']);
    expect(await signup({ email: 'gone@example.com' }, meta, t.deps)).toEqual({ kind: 'check-inbox' });
    expect(t.wakes()).toBe(2);
  });

  it('ignores a filled honeypot quietly: the same answer, nothing stored, a log line', async () => {
    const t = setup();
    expect(await signup({ email: 'bot@example.com', website: 'http://spam.example' }, meta, t.deps)).toEqual({ kind: 'check-inbox' });
    expect(t.calls.signup).toEqual([]);
    expect(t.wakes()).toBe(0);
    expect(t.logs).toEqual(['Honeypot filled from 203.0.113.5; ignored.']);
    // Whitespace alone is what some browsers autofill: not a bot.
    await signup({ email: 'person@example.com', website: '  ' }, { ip: null, userAgent: null }, t.deps);
    expect(t.calls.signup).toHaveLength(1);
  });

  it('answers invalid input with the messages and the values as typed (cut to a sane length), storing nothing', async () => {
    const t = setup();
    expect(await signup({ email: 'ana@example', firstName: 'x'.repeat(120) }, meta, t.deps)).toEqual({
      kind: 'invalid',
      errors: { email: 'That does not look like an email address. Check for typos, e.g. name@example.com.', firstName: 'That first name is too long (at most 80 characters).' },
      values: { email: 'ana@example', firstName: 'x'.repeat(100) },
    });
    expect(await signup({}, meta, t.deps)).toEqual({ kind: 'invalid', errors: { email: 'Please enter your email address.' }, values: { email: '', firstName: '' } });
    expect(await signup({ email: ['a@example.com'], firstName: 5 }, meta, t.deps)).toEqual({
      kind: 'invalid',
      errors: { email: 'Please enter your email address.', firstName: 'Please enter your first name as text.' },
      values: { email: '', firstName: '' },
    });
    expect(t.calls.signup).toEqual([]);
    expect(t.wakes()).toBe(0);
  });
});

describe('confirm and unsubscribe links', () => {
  const confirmToken = (s: { id: number; email: string }, expiresAt = NOW.getTime() + 86_400_000, secret = SECRET) => createToken(secret, { purpose: 'confirm', subscriberId: s.id, expiresAt }, s.email);
  const unsubscribeToken = (s: { id: number; email: string }) => createToken(SECRET, { purpose: 'unsubscribe', subscriberId: s.id }, s.email);
  const pending = async () => {
    const t = setup();
    await signup({ email: 'ana@example.com' }, meta, t.deps);
    return { t, ana: t.subscribers.get(1)! };
  };

  it('a GET only looks: the subscriber stays pending; the POST confirms once and queues one welcome', async () => {
    const { t, ana } = await pending();
    const token = confirmToken(ana);
    expect(await lookupConfirm(token, t.deps)).toMatchObject({ kind: 'ok', detail: 'pending', subscriber: { status: 'pending' } });
    expect(t.calls.welcomes).toEqual([]);
    expect(await confirm(token, { ip: '192.0.2.7' }, t.deps)).toMatchObject({ kind: 'ok', detail: 'confirmed', subscriber: { status: 'confirmed', consent: { confirmIp: '192.0.2.7', confirmedAt: NOW.toISOString() } } });
    expect(t.calls.welcomes).toEqual([1]);
    expect(t.wakes()).toBe(2);
    expect(await confirm(token, { ip: null }, t.deps)).toMatchObject({ kind: 'ok', detail: 'already-confirmed' });
    expect(await lookupConfirm(token, t.deps)).toMatchObject({ kind: 'ok', detail: 'already-confirmed' });
    expect(t.calls.welcomes).toEqual([1]);
    expect(t.wakes()).toBe(2);
  });

  it('does not confirm someone who left in the meantime', async () => {
    const { t, ana } = await pending();
    await t.store.unsubscribe(ana.id, NOW);
    expect(await lookupConfirm(confirmToken(ana), t.deps)).toMatchObject({ kind: 'ok', detail: 'not-pending' });
    expect(await confirm(confirmToken(ana), { ip: null }, t.deps)).toMatchObject({ kind: 'ok', detail: 'not-pending', subscriber: { status: 'unsubscribed' } });
    expect(t.calls.welcomes).toEqual([]);
  });

  it('names why a link does not work: malformed, forged, expired, wrong purpose, unknown subscriber', async () => {
    const { t, ana } = await pending();
    const cases: [string, unknown][] = [
      ['malformed', undefined],
      ['malformed', ''],
      ['malformed', 42],
      ['malformed', '<script>'],
      ['malformed', 'bm90IGpzb24.c2ln'],
      ['forged', confirmToken(ana, undefined, OTHER_SECRET)],
      ['forged', confirmToken({ id: ana.id, email: 'someone-else@example.com' })],
      ['expired', confirmToken(ana, NOW.getTime() - 1)],
      ['wrong-purpose', unsubscribeToken(ana)],
      ['unknown', confirmToken({ id: 999, email: 'ana@example.com' })],
    ];
    for (const [reason, token] of cases) {
      expect({ token, result: await confirm(token, { ip: null }, t.deps) }).toEqual({ token, result: { kind: 'invalid', reason } });
      expect(await lookupConfirm(token, t.deps)).toEqual({ kind: 'invalid', reason });
    }
    expect(t.subscribers.get(ana.id)?.status).toBe('pending');
    expect(await lookupUnsubscribe(confirmToken(ana), t.deps)).toEqual({ kind: 'invalid', reason: 'wrong-purpose' });
    expect(await unsubscribe(confirmToken(ana), t.deps)).toEqual({ kind: 'invalid', reason: 'wrong-purpose' });
    expect(await unsubscribe(unsubscribeToken({ id: 999, email: 'x@example.com' }), t.deps)).toEqual({ kind: 'invalid', reason: 'unknown' });
  });

  it('unsubscribes with a link that never expires, once; a GET only looks', async () => {
    const { t, ana } = await pending();
    await t.store.confirm(ana.id, NOW, null);
    const token = unsubscribeToken(ana);
    t.clock.now = new Date(NOW.getTime() + 5 * 365 * 86_400_000);
    expect(await lookupUnsubscribe(token, t.deps)).toMatchObject({ kind: 'ok', detail: 'found', subscriber: { status: 'confirmed' } });
    expect(await unsubscribe(token, t.deps)).toMatchObject({ kind: 'ok', detail: 'unsubscribed', subscriber: { status: 'unsubscribed', consent: { unsubscribedAt: t.clock.now.toISOString() } } });
    expect(await unsubscribe(token, t.deps)).toMatchObject({ kind: 'ok', detail: 'already-unsubscribed' });
  });
});
