/**
 * The outbox worker against in-memory ports: an outbox with the repository's claim and
 * lease rules, a subscriber list, a transport that fails as told, and a virtual clock that
 * the worker's idle sleep advances, so retries hours apart run in milliseconds.
 */
import { describe, expect, it, vi } from 'vitest';
import type { PermanentBounce } from '../mail/permanent-bounce.ts';
import type { Verdict } from '../mail/transport.ts';
import type { OutgoingMessage } from '../mail/transport.ts';
import type { Subscriber, SubscriberStatus } from '../subscribers/store.ts';
import { peekToken, verifyToken } from '../subscribers/tokens.ts';
import type { Outbox, OutboxKind, OutboxRow, OutboxStatus } from './outbox.ts';
import { deliverRow, OUTBOX_DEFAULTS, startOutboxWorker, wakeableSleep, type WorkerPorts } from './worker.ts';
import { TEST_SECRET as SECRET } from '../testing/secrets.ts';

const T0 = new Date('2026-11-23T10:00:00.000Z');
const DAY = 86_400_000;

interface MemoryRow extends OutboxRow {
  claimedBy: string | null;
  leaseUntil: number | null;
}

/** The repository's rules in memory: due when queued and next_attempt_at has come, or sending with an expired lease. */
function memoryOutbox() {
  const rows: MemoryRow[] = [];
  let failClaims = 0;
  const row = (id: number) => rows.find((r) => r.id === id)!;
  const outbox: Outbox = {
    async enqueue(_tx, kind, subscriberId, at) {
      const iso = at.toISOString();
      rows.push({ id: rows.length + 1, kind, subscriberId, status: 'queued', attempts: 0, nextAttemptAt: iso, lastError: null, createdAt: iso, sentAt: null, claimedBy: null, leaseUntil: null });
      return true;
    },
    async claim(workerId, limit, now, leaseUntil) {
      if (failClaims > 0) {
        failClaims--;
        throw new Error('database is locked');
      }
      const due = rows.filter((r) => (r.status === 'queued' && Date.parse(r.nextAttemptAt) <= now.getTime()) || (r.status === 'sending' && r.leaseUntil! < now.getTime())).slice(0, limit);
      for (const r of due) Object.assign(r, { status: 'sending', claimedBy: workerId, leaseUntil: leaseUntil.getTime(), attempts: r.attempts + 1 });
      return due.map((r) => ({ ...r }));
    },
    async renew(id, workerId, leaseUntil) {
      const r = row(id);
      if (r.status !== 'sending' || r.claimedBy !== workerId) return false;
      r.leaseUntil = leaseUntil.getTime();
      return true;
    },
    async markSent(id, _messageId, at) {
      Object.assign(row(id), { status: 'sent', sentAt: at.toISOString(), lastError: null, claimedBy: null, leaseUntil: null });
    },
    async markRetry(id, error, next) {
      Object.assign(row(id), { status: 'queued', lastError: error, nextAttemptAt: next.toISOString(), claimedBy: null, leaseUntil: null });
    },
    async markFinal(id, status, reason) {
      Object.assign(row(id), { status, lastError: reason, claimedBy: null, leaseUntil: null });
    },
    async counts() {
      const counts = { queued: 0, sending: 0, sent: 0, failed: 0, dropped: 0 } as Record<OutboxStatus, number>;
      for (const r of rows) counts[r.status]++;
      return counts;
    },
    async backlog() {
      return { pending: rows.filter((r) => r.status === 'queued' || r.status === 'sending').length, oldestSeconds: null };
    },
    async list(status, limit) {
      return rows.filter((r) => r.status === status).slice(0, limit).map((r) => ({ ...r, email: null }));
    },
    async retryFailed() {
      return 0;
    },
  };
  return {
    outbox,
    rows,
    add: (kind: OutboxKind, subscriberId: number, at = T0) => outbox.enqueue(undefined as never, kind, subscriberId, at),
    failNextClaims: (n: number) => void (failClaims = n),
  };
}

const subscriber = (id: number, status: SubscriberStatus, email = `s${id}@example.com`): Subscriber => ({
  id,
  email,
  firstName: 'Robin',
  status,
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  consent: { signupAt: T0.toISOString(), signupIp: null, signupUserAgent: null, form: null, consentText: null, confirmedAt: null, confirmIp: null, unsubscribedAt: null, previousEmail: null, emailChangedAt: null },
  pausedUntil: null,
  pendingEmail: null,
  pendingEmailAt: null,
});

class SmtpError extends Error {
  constructor(
    message: string,
    readonly verdict: Verdict,
  ) {
    super(message);
  }
}

interface Harness {
  ports: WorkerPorts;
  memory: ReturnType<typeof memoryOutbox>;
  subscribers: Map<number, Subscriber>;
  sent: OutgoingMessage[];
  bounced: PermanentBounce[];
  logs: string[];
  clock: { now: number };
  /** The next sends fail with these errors, in order. */
  failures: SmtpError[];
}

function harness(): Harness {
  const memory = memoryOutbox();
  const subscribers = new Map<number, Subscriber>();
  const sent: OutgoingMessage[] = [];
  const bounced: PermanentBounce[] = [];
  const logs: string[] = [];
  const clock = { now: T0.getTime() };
  const failures: SmtpError[] = [];
  const ports: WorkerPorts = {
    outbox: memory.outbox,
    store: { byId: async (id) => subscribers.get(id) },
    onPermanentBounce: async (bounce) => void bounced.push(bounce),
    transport: {
      send: async (message) => {
        const failure = failures.shift();
        if (failure) throw failure;
        sent.push(message);
        return { messageId: String(message.messageId), response: '250 OK' };
      },
      classify: (error) => (error instanceof SmtpError ? error.verdict : 'retry'),
      describeError: (error) => (error as Error).message,
    },
    notices: async () => ({
      confirm: { subject: 'Confirm your subscription', html: '<p>Hi {{first_name|there}}, <a href="{{confirm_url}}">confirm</a></p>', text: 'Hi {{first_name|there}}, confirm: {{confirm_url}}' },
      welcome: { subject: 'Welcome', html: '<p>Hi {{first_name|there}}. <a href="{{unsubscribe_url}}">Leave</a></p>', text: 'Hi {{first_name|there}}. Leave: {{unsubscribe_url}}' },
      change: { subject: 'Confirm your new address', html: '<p>Hi {{first_name|there}}, <a href="{{confirm_url}}">move here</a></p>', text: 'Hi {{first_name|there}}, move here: {{confirm_url}}' },
    }),
    links: { secret: SECRET, siteUrl: 'https://tips.example.com' },
    sender: { from: '"Tips" <editor@example.com>', replyTo: 'editor@example.com', siteUrl: 'https://tips.example.com', publication: 'Tips', unsubscribeMailto: 'mailto:editor@example.com?subject=unsubscribe' },
    now: () => new Date(clock.now),
    // Virtual time: the idle wait moves the clock on and yields, so backoff costs nothing.
    sleep: async (ms) => {
      clock.now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    log: (line) => logs.push(line),
  };
  return { ports, memory, subscribers, sent, bounced, logs, clock, failures };
}

const options = { ...OUTBOX_DEFAULTS, retryBaseMs: 1_000, maxBackoffMs: 60_000, maxAttempts: 5 };
const claimOne = async (h: Harness) => (await h.memory.outbox.claim('w', 1, h.ports.now(), new Date(h.clock.now + 30_000)))[0]!;

/** Waits (real time, polling) until `condition` holds; `what` names it when it does not within `ms`. */
const until = (condition: () => boolean, what: string, ms = 5_000) => vi.waitFor(() => expect(condition(), what).toBe(true), { timeout: ms, interval: 5 });

describe('deliverRow', () => {
  it('sends a confirmation whose link is valid for a week from the sign-up, not from this attempt', async () => {
    const h = harness();
    h.subscribers.set(7, subscriber(7, 'pending'));
    await h.memory.add('confirm', 7, T0);
    h.clock.now = T0.getTime() + 3 * DAY; // delivered three days late (mail server was down)
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('sent');
    expect(h.sent).toHaveLength(1);
    const message = h.sent[0]!;
    expect(message).toMatchObject({ to: 's7@example.com', subject: 'Confirm your subscription', messageId: expect.stringMatching(/^<confirm\.1\.[0-9a-f]{32}@tips\.example\.com>$/) });
    // The name typed into a form is never repeated back in a confirmation.
    expect(message.text).toMatch(/^Hi there, confirm: https:\/\/tips\.example\.com\/confirm\/\?token=/);
    expect((message.headers as Record<string, unknown>)['List-Unsubscribe']).toBeUndefined();
    const token = new URL(/https:\S+/.exec(String(message.text))![0]).searchParams.get('token')!;
    expect(peekToken(token)?.expiresAt).toBe(T0.getTime() + 7 * DAY);
    expect(verifyToken(SECRET, token, 's7@example.com', 'confirm', new Date(T0.getTime() + 7 * DAY - 1)).ok).toBe(true);
    expect(verifyToken(SECRET, token, 's7@example.com', 'confirm', new Date(T0.getTime() + 7 * DAY + 1))).toEqual({ ok: false, reason: 'expired' });
    expect(h.memory.rows[0]).toMatchObject({ status: 'sent', sentAt: new Date(T0.getTime() + 3 * DAY).toISOString() });
  });

  it('sends a welcome by name with the one-click unsubscribe headers', async () => {
    const h = harness();
    h.subscribers.set(3, subscriber(3, 'confirmed'));
    await h.memory.add('welcome', 3);
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('sent');
    const message = h.sent[0]!;
    expect(message.text).toMatch(/^Hi Robin\. Leave: https:\/\/tips\.example\.com\/unsubscribe\/\?token=/);
    expect((message.headers as Record<string, string>)['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(message.messageId).toMatch(/^<welcome\.1\.[0-9a-f]{32}@tips\.example\.com>$/);
  });

  it.each([
    ['confirm', undefined, 'subscriber was erased'],
    ['confirm', 'confirmed', 'subscriber is confirmed, no confirm email needed'],
    ['confirm', 'unsubscribed', 'subscriber is unsubscribed, no confirm email needed'],
    ['confirm', 'bounced', 'subscriber is bounced, no confirm email needed'],
    ['welcome', 'pending', 'subscriber is pending, no welcome email needed'],
    ['welcome', 'unsubscribed', 'subscriber is unsubscribed, no welcome email needed'],
    ['welcome', undefined, 'subscriber was erased'],
  ] as const)('drops a %s email when the subscriber is %s, sending nothing', async (kind, status, reason) => {
    const h = harness();
    if (status) h.subscribers.set(1, subscriber(1, status));
    await h.memory.add(kind, 1);
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('dropped');
    expect(h.sent).toEqual([]);
    expect(h.memory.rows[0]).toMatchObject({ status: 'dropped', lastError: reason, claimedBy: null });
  });

  it('records a bounce as failed and hands it to the permanent-bounce port with the reply and the row', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    h.failures.push(new SmtpError('550 5.1.1 <s1@example.com>: no such user', 'bounce'));
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('failed');
    expect(h.memory.rows[0]).toMatchObject({ status: 'failed', lastError: 'address does not exist: 550 5.1.1 <s1@example.com>: no such user' });
    expect(h.bounced).toEqual([{ subscriberId: 1, reply: '550 5.1.1 <s1@example.com>: no such user', source: { via: 'outbox', rowId: 1 }, at: new Date(h.clock.now) }]);
  });

  it('sends a new-address confirmation to the new address only, from the change template, with a link signed over it', async () => {
    const h = harness();
    h.subscribers.set(4, { ...subscriber(4, 'confirmed'), pendingEmail: 'moved@example.org', pendingEmailAt: T0.toISOString() });
    await h.memory.add('change', 4);
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('sent');
    const message = h.sent[0]!;
    expect(message).toMatchObject({ to: 'moved@example.org', subject: 'Confirm your new address', messageId: expect.stringMatching(/^<change\.1\./) });
    expect(message.text).toMatch(/^Hi there, move here: https:/);
    expect(String(message.html)).toContain('move here</a>');
    expect(message.envelope).toBeUndefined();
    const link = /https:\S+/.exec(String(message.text))![0];
    expect(link).toMatch(/^https:\/\/tips\.example\.com\/preferences\/address\/\?token=/);
    const token = new URL(link).searchParams.get('token')!;
    expect(verifyToken(SECRET, token, 'moved@example.org', 'change', T0).ok).toBe(true);
    expect(verifyToken(SECRET, token, 's4@example.com', 'change', T0).ok).toBe(false);
  });

  it('drops a new-address confirmation once there is no pending address, and never bounces the reader for an address they have not confirmed', async () => {
    const h = harness();
    h.subscribers.set(4, subscriber(4, 'confirmed'));
    await h.memory.add('change', 4);
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('dropped');
    expect(h.memory.rows[0]).toMatchObject({ lastError: 'the new address was confirmed or withdrawn' });
    h.subscribers.set(5, { ...subscriber(5, 'confirmed'), pendingEmail: 'typo@example.org', pendingEmailAt: T0.toISOString() });
    await h.memory.add('change', 5);
    h.failures.push(new SmtpError('550 5.1.1 <typo@example.org>: no such user', 'bounce'));
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('failed');
    expect(h.bounced).toEqual([]);
  });

  it.each(['fail', 'policy'] as const)('records a permanent "%s" as failed with the reason, without bouncing the subscriber', async (verdict) => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    h.failures.push(new SmtpError('554 5.7.1 message refused', verdict));
    expect(await deliverRow(await claimOne(h), h.ports, options)).toBe('failed');
    expect(h.memory.rows[0]).toMatchObject({ status: 'failed', lastError: '554 5.7.1 message refused' });
    expect(h.bounced).toEqual([]);
  });

  // A confirmation the server may have taken ('uncertain') is sent again: a duplicate is harmless, a lost one is not.
  it.each(['retry', 'unreachable', 'stop', 'uncertain'] as const)('retries a "%s" later, four times longer after each attempt, up to the cap', async (verdict) => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      h.failures.push(new SmtpError('421 4.3.2 try later', verdict));
      const row = await claimOne(h);
      expect(row.attempts).toBe(attempt);
      expect(await deliverRow(row, h.ports, { ...options, maxBackoffMs: 20_000 })).toBe('retry');
      const next = Date.parse(h.memory.rows[0]!.nextAttemptAt);
      delays.push(next - h.clock.now);
      expect(h.memory.rows[0]).toMatchObject({ status: 'queued', lastError: '421 4.3.2 try later' });
      h.clock.now = next;
    }
    expect(delays).toEqual([1_000, 4_000, 16_000, 20_000]);
  });

  it('gives up after maxAttempts temporary failures, with the count and the last reason', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    const results: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      h.failures.push(new SmtpError(`451 attempt ${attempt}`, 'retry'));
      results.push(await deliverRow(await claimOne(h), h.ports, options));
      h.clock.now += 3_600_000;
    }
    expect(results).toEqual(['retry', 'retry', 'retry', 'retry', 'failed']);
    expect(h.memory.rows[0]).toMatchObject({ status: 'failed', attempts: 5, lastError: 'gave up after 5 attempts: 451 attempt 5' });
    expect(await h.memory.outbox.claim('w', 10, new Date(h.clock.now + 365 * DAY), new Date(h.clock.now + 366 * DAY))).toEqual([]);
  });
});

describe('startOutboxWorker', () => {
  it('delivers a row whose sends fail three times, once, after backing off', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    for (let i = 0; i < 3; i++) h.failures.push(new SmtpError('Connection refused', 'unreachable'));
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options, idleMs: 500 });
    await until(() => h.memory.rows[0]!.status === 'sent', 'row sent');
    await worker.stop();
    expect(h.sent).toHaveLength(1);
    expect(h.memory.rows[0]).toMatchObject({ attempts: 4, lastError: null });
    // Backoff 1 s, 4 s, 16 s: the clock moved on at least 21 s, in idle steps.
    expect(h.clock.now - T0.getTime()).toBeGreaterThanOrEqual(21_000);
  });

  it('delivers 100 rows in batches, each exactly once, and drained() resolves when none is due', async () => {
    const h = harness();
    for (let i = 1; i <= 100; i++) {
      h.subscribers.set(i, subscriber(i, 'pending'));
      await h.memory.add('confirm', i);
    }
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options, batchSize: 8 });
    await worker.drained();
    await worker.stop();
    expect(h.sent.map((m) => m.to).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `s${i + 1}@example.com`).sort());
    expect(await h.memory.outbox.counts()).toMatchObject({ sent: 100, queued: 0, sending: 0 });
  });

  it('two workers on one outbox send each row once', async () => {
    const h = harness();
    for (let i = 1; i <= 50; i++) {
      h.subscribers.set(i, subscriber(i, 'pending'));
      await h.memory.add('confirm', i);
    }
    const workers = [startOutboxWorker(h.ports, { workerId: 'a', ...options, batchSize: 4 }), startOutboxWorker(h.ports, { workerId: 'b', ...options, batchSize: 4 })];
    await until(() => h.memory.rows.every((r) => r.status === 'sent'), 'all sent');
    await Promise.all(workers.map((w) => w.stop()));
    expect(h.sent).toHaveLength(50);
    expect(new Set(h.sent.map((m) => m.to)).size).toBe(50);
  });

  it('renews each claim just before sending, so a slow mail server cannot make two workers send one row', async () => {
    const h = harness();
    for (let i = 1; i <= 12; i++) {
      h.subscribers.set(i, subscriber(i, 'pending'));
      await h.memory.add('confirm', i);
    }
    // Every send takes 20 virtual seconds: a batch of 12 outlives a 30 s claim several times over.
    const send = h.ports.transport.send;
    h.ports.transport.send = async (message) => {
      h.clock.now += 20_000;
      await new Promise((resolve) => setImmediate(resolve));
      return send(message);
    };
    const slow = { ...options, batchSize: 12, concurrency: 1, leaseMs: 30_000, idleMs: 1_000 };
    // Worker a claims all twelve; b starts after, finds nothing due until a's waiting claims run out.
    const a = startOutboxWorker(h.ports, { workerId: 'a', ...slow });
    await until(() => h.memory.rows.every((r) => r.status === 'sending'), 'a claimed the batch');
    const workers = [a, startOutboxWorker(h.ports, { workerId: 'b', ...slow })];
    await until(() => h.memory.rows.every((r) => r.status === 'sent'), 'all sent');
    await Promise.all(workers.map((w) => w.stop()));
    expect(h.sent.map((m) => m.to).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `s${i + 1}@example.com`).sort());
    // The claims did run out while rows waited, and the other worker took those rows.
    expect(h.logs.some((l) => /^Outbox row \d+ was taken over by another worker while it waited here/.test(l))).toBe(true);
  });

  it('keeps going when the outbox cannot be read, and says so', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    h.memory.failNextClaims(2);
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options });
    await until(() => h.sent.length === 1, 'sent after the database came back');
    await worker.stop();
    expect(h.logs.filter((l) => l === 'The outbox could not be read: database is locked. Trying again shortly.')).toHaveLength(2);
  });

  it('leaves a row it could not handle to be taken again when its lease runs out', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    const notices = h.ports.notices;
    let broken = true;
    h.ports.notices = async () => {
      if (broken) {
        broken = false;
        throw new Error('build/email/manifest.json is missing');
      }
      return notices();
    };
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options, leaseMs: 30_000, idleMs: 1_000 });
    await until(() => h.sent.length === 1, 'sent after the lease expired');
    await worker.stop();
    expect(h.logs).toContain('Outbox row 1 could not be handled (it will be taken again when its claim expires): build/email/manifest.json is missing');
    expect(h.memory.rows[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(h.clock.now - T0.getTime()).toBeGreaterThan(30_000);
  });

  it('stop() waits for the message in flight to be recorded', async () => {
    const h = harness();
    h.subscribers.set(1, subscriber(1, 'pending'));
    await h.memory.add('confirm', 1);
    let release!: () => void;
    const send = h.ports.transport.send;
    h.ports.transport.send = async (message) => {
      await new Promise<void>((resolve) => (release = resolve));
      return send(message);
    };
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options });
    await until(() => release !== undefined, 'send started');
    const stopped = worker.stop();
    release();
    await stopped;
    expect(h.memory.rows[0]!.status).toBe('sent');
  });

  it('wake() delivers a new row at once instead of after the idle wait', async () => {
    const h = harness();
    h.ports.sleep = wakeableSleep;
    h.ports.now = () => new Date();
    h.subscribers.set(1, subscriber(1, 'pending'));
    const worker = startOutboxWorker(h.ports, { workerId: 'w', ...options, idleMs: 60_000 });
    await worker.drained();
    await h.memory.add('confirm', 1, new Date());
    const started = Date.now();
    worker.wake();
    await until(() => h.sent.length === 1, 'woken worker sent the row', 2_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    await worker.stop();
  });
});

describe('wakeableSleep', () => {
  it('ends early when woken, and at once when already woken', async () => {
    const waker = new AbortController();
    const started = Date.now();
    const sleeping = wakeableSleep(60_000, waker.signal);
    waker.abort();
    await sleeping;
    await wakeableSleep(60_000, waker.signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
