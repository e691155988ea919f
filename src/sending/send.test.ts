/**
 * The send engine with in-memory ports: every edge of the retry, bounce and stop rules,
 * fast. (send.smtp.test.ts drives the same engine against a real SMTP server and SQLite.)
 */
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../mail/transport.ts';
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, type Ledger } from './ledger.ts';
import { runSend, type SendOptions } from './send.ts';

function memoryLedger(subscriberIds: number[]): Ledger & { rows: Map<number, Delivery> } {
  const rows = new Map<number, Delivery>();
  let complete = false;
  const counts = async () => {
    const c = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
    for (const r of rows.values()) c[r.status]++;
    return c;
  };
  const set = (id: number, status: DeliveryStatus, lastResponse: string | null = null) => void rows.set(id, { ...rows.get(id)!, status, lastResponse });
  return {
    rows,
    plan: async () => {
      let n = 0;
      for (const id of subscriberIds) if (!rows.has(id)) (rows.set(id, { issue: 1, subscriberId: id, email: `s${id}@example.com`, status: 'queued', attempts: 0, lastResponse: null }), n++);
      return n;
    },
    recoverInFlight: async (_issue, retry) => {
      let inFlight = 0;
      for (const r of rows.values()) if (r.status === 'sending') (set(r.subscriberId, retry ? 'queued' : 'uncertain'), inFlight++);
      return { inFlight, requeued: retry ? inFlight : 0 };
    },
    nextQueued: async (_issue, after, limit) => [...rows.values()].filter((r) => r.status === 'queued' && r.subscriberId > after).sort((a, b) => a.subscriberId - b.subscriberId).slice(0, limit),
    markSending: async (_issue, id) => {
      const row = rows.get(id)!;
      rows.set(id, { ...row, status: 'sending', attempts: row.attempts + 1 });
      return row.attempts + 1;
    },
    markSent: async (_issue, id, _m, response) => set(id, 'sent', response),
    markQueued: async (_issue, id, response) => set(id, 'queued', response),
    markFinal: async (_issue, id, status, response) => set(id, status, response),
    counts,
    startRun: async () => undefined,
    finishRun: async (_issue, status) => void (complete = status === 'complete'),
    isComplete: async () => complete,
    completedIssues: async () => (complete ? [1] : []),
  };
}

const subscriber = (id: number, status: Subscriber['status'] = 'confirmed'): Subscriber => ({
  id, email: `s${id}@example.com`, firstName: null, status, createdAt: '', updatedAt: '',
  consent: { signupAt: '', signupIp: null, signupUserAgent: null, form: null, consentText: null, confirmedAt: null, confirmIp: null, unsubscribedAt: null },
});

/** A transport whose every send to `s<id>@example.com` follows the script: a verdict to fail with, or 'ok'. */
function scriptedTransport(script: Record<number, (Verdict | 'ok')[]>) {
  const sent: string[] = [];
  const attempts = new Map<number, number>();
  return {
    sent,
    send: async (message: { to?: unknown }) => {
      const id = Number(/s(\d+)@/.exec(String(message.to))![1]);
      const n = attempts.get(id) ?? 0;
      attempts.set(id, n + 1);
      const step = script[id]?.[n] ?? 'ok';
      if (step !== 'ok') throw Object.assign(new Error(step), { verdict: step });
      sent.push(String(message.to));
      return { messageId: `<${id}.${n}@x>`, response: '250 ok' };
    },
    classify: (error: unknown) => (error as { verdict: Verdict }).verdict,
    describeError: (error: unknown) => `failed: ${(error as Error).message}`,
    describe: () => 'smtp://test:25',
    remedy: { stop: "Check the credentials in SMTP_URL (or the account's state)", unreachable: 'check SMTP_URL and the network' },
  };
}

const run = async (ids: number[], script: Record<number, (Verdict | 'ok')[]>, options: Partial<SendOptions> = {}, statuses: Record<number, Subscriber['status'] | 'erased'> = {}) => {
  const ledger = memoryLedger(ids);
  const transport = scriptedTransport(script);
  const store = {
    byId: async (id: number) => (statuses[id] === 'erased' ? undefined : subscriber(id, (statuses[id] ?? 'confirmed') as Subscriber['status'])),
    markBounced: async () => undefined,
  } as unknown as SubscriberStore;
  let clock = 0;
  const summary = await runSend(
    { issue: 1, messageFor: (s) => ({ to: s.email }), concurrency: 2, maxAttempts: 3, retryUncertain: false, policyStopAfter: 3, signal: new AbortController().signal, ...options },
    { ledger, subscribers: store, transport, now: () => new Date(clock), sleep: async (ms) => void (clock += ms), progress: () => undefined },
  );
  return { summary, ledger, transport };
};

describe('runSend', () => {
  it('sends each subscriber once and completes', async () => {
    const { summary, transport } = await run([1, 2, 3], {});
    expect(transport.sent.sort()).toEqual(['s1@example.com', 's2@example.com', 's3@example.com']);
    expect(summary).toMatchObject({ complete: true, run: { sent: 3, failed: 0, bounced: 0, skipped: 0, retried: 0 } });
  });

  it('retries a temporary failure with backoff and gives up after maxAttempts', async () => {
    const { summary, ledger } = await run([1, 2], { 1: ['retry', 'ok'], 2: ['retry', 'retry', 'retry'] });
    expect(summary.run).toMatchObject({ sent: 1, retried: 3 });
    expect(ledger.rows.get(2)).toMatchObject({ status: 'queued', attempts: 3, lastResponse: 'failed: retry' });
    expect(summary.complete).toBe(false);
  });

  it('marks a bounce and a permanent failure, and skips those who left or were erased', async () => {
    const { summary, ledger } = await run([1, 2, 3, 4], { 1: ['bounce'], 2: ['fail'] }, {}, { 3: 'unsubscribed', 4: 'erased' });
    expect([1, 2, 3, 4].map((id) => ledger.rows.get(id)!.status)).toEqual(['bounced', 'failed', 'skipped', 'skipped']);
    expect(ledger.rows.get(4)!.lastResponse).toBe('subscriber is erased');
    expect(summary).toMatchObject({ complete: true, run: { bounced: 1, failed: 1, skipped: 2 } });
  });

  it('stops after policyStopAfter policy rejections in a row, and a success resets the count', async () => {
    const { summary } = await run([1, 2, 3, 4, 5, 6], { 1: ['policy'], 2: ['policy'], 3: ['ok'], 4: ['policy'], 5: ['policy'], 6: ['policy'] }, { concurrency: 1 });
    expect(summary.stopped).toMatchObject({ reason: 'policy' });
    expect(summary.run.sent).toBe(1);
  });

  it('stops at once when the service refuses to send (credentials, paused account)', async () => {
    const { summary, ledger } = await run([1, 2, 3], { 1: ['stop'] }, { concurrency: 1 });
    expect(summary.stopped?.message).toBe('The mail service refused to send ("failed: stop"). Check the credentials in SMTP_URL (or the account\'s state), then run the same command again.');
    expect([...ledger.rows.values()].every((r) => r.status === 'queued')).toBe(true);
  });

  it('stops at once when the server cannot be reached before anything was sent, and after a run of such failures later', async () => {
    const first = await run([1, 2, 3], { 1: ['unreachable'] }, { concurrency: 1 });
    expect(first.summary.stopped?.message).toBe('Cannot reach smtp://test:25: failed: unreachable. Nothing more was sent; check SMTP_URL and the network, then run the same command again.');
    expect(first.transport.sent).toEqual([]);
    const later = await run([1, 2, 3, 4, 5], { 2: ['unreachable'], 3: ['unreachable'], 4: ['unreachable'] }, { concurrency: 1, unreachableStopAfter: 3 });
    expect(later.summary).toMatchObject({ stopped: { reason: 'unreachable' }, run: { sent: 1 } });
    expect(later.ledger.rows.get(5)!.status).toBe('queued');
  });

  it('reports rows left in flight by a dead run as uncertain and does not resend them', async () => {
    const ledger = memoryLedger([1, 2]);
    await ledger.plan(1, new Date());
    await ledger.markSending(1, 1, new Date());
    const transport = scriptedTransport({});
    const summary = await runSend(
      { issue: 1, messageFor: (s) => ({ to: s.email }), concurrency: 1, maxAttempts: 3, retryUncertain: false, policyStopAfter: 5, signal: new AbortController().signal },
      { ledger, subscribers: { byId: async (id: number) => subscriber(id), markBounced: async () => undefined } as unknown as SubscriberStore, transport, now: () => new Date(), sleep: async () => undefined, progress: () => undefined },
    );
    expect(summary.recovered).toEqual({ inFlight: 1, requeued: 0 });
    expect(transport.sent).toEqual(['s2@example.com']);
  });
});
