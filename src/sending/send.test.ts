/**
 * The send engine with a scripted in-memory transport on a real (temporary SQLite) ledger:
 * every edge of the retry, bounce and stop rules, fast. (send.smtp.test.ts drives the same
 * engine against a real SMTP server; send.db.test.ts covers several senders.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../mail/transport.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, type TestDatabase } from '../testing/databases.fs.ts';
import { createLedger } from './ledger.db.ts';
import { runSend, type SendOptions } from './send.ts';

const KEY = 'send-test-suppression-key-0123456789abcdef';
let open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.map((t) => t.cleanup()));
  open = [];
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

/** Subscribers s1…sN (ids 1…N), some of them left or erased, and one run of the engine. */
const run = async (count: number, script: Record<number, (Verdict | 'ok')[]>, options: Partial<SendOptions> = {}, before: (ctx: { store: ReturnType<typeof createSubscriberStore> }) => Promise<void> = async () => undefined) => {
  const t = await freshDatabase('sqlite');
  open.push(t);
  const store = createSubscriberStore(t.db, { suppressionKey: KEY });
  await store.importConfirmed(Array.from({ length: count }, (_, i) => ({ email: `s${i + 1}@example.com`, firstName: undefined })), 'test', new Date());
  const ledger = createLedger(t.db);
  await ledger.plan(1, new Date());
  await before({ store });
  const transport = scriptedTransport(script);
  let clock = Date.now();
  const summary = await runSend(
    { issue: 1, messageFor: (s) => ({ to: s.email }), concurrency: 2, maxAttempts: 3, retryUncertain: false, policyStopAfter: 3, signal: new AbortController().signal, senderId: 'test:1:a', pollMs: 10, ...options },
    { ledger, subscribers: store, transport, now: () => new Date(clock), sleep: async (ms) => void (clock += ms), progress: () => undefined },
  );
  const status = async (id: number) => (await t.db.get<{ status: string; last_response: string | null; attempts: number }>('SELECT status, last_response, attempts FROM deliveries WHERE issue = 1 AND subscriber_id = ?', [id]))!;
  return { summary, transport, status, db: t.db, ledger };
};

describe('runSend', () => {
  it('sends each subscriber once and completes', async () => {
    const { summary, transport } = await run(3, {});
    expect(transport.sent.sort()).toEqual(['s1@example.com', 's2@example.com', 's3@example.com']);
    expect(summary).toMatchObject({ complete: true, run: { sent: 3, failed: 0, bounced: 0, skipped: 0, retried: 0 } });
  });

  it('retries a temporary failure with backoff and gives up after maxAttempts', async () => {
    const { summary, status } = await run(2, { 1: ['retry', 'ok'], 2: ['retry', 'retry', 'retry'] });
    expect(summary.run).toMatchObject({ sent: 1, retried: 3 });
    expect(await status(2)).toMatchObject({ status: 'queued', attempts: 3, last_response: 'failed: retry' });
    expect(summary.complete).toBe(false);
  });

  it('marks a bounce and a permanent failure, and skips those who left or were erased', async () => {
    const { summary, status, transport } = await run(4, { 1: ['bounce'], 2: ['fail'] }, {}, async ({ store }) => {
      await store.unsubscribe(3, new Date());
      await store.erase('s4@example.com', new Date());
    });
    expect((await Promise.all([1, 2].map(status))).map((r) => r.status)).toEqual(['bounced', 'failed']);
    expect(transport.sent).toEqual([]);
    expect(summary.run).toMatchObject({ bounced: 1, failed: 1 });
    expect(summary.complete).toBe(true);
  });

  it('stops after policyStopAfter policy rejections in a row, and a success resets the count', async () => {
    const { summary } = await run(6, { 1: ['policy'], 2: ['policy'], 3: ['ok'], 4: ['policy'], 5: ['policy'], 6: ['policy'] }, { concurrency: 1 });
    expect(summary.stopped).toMatchObject({ reason: 'policy' });
    expect(summary.run.sent).toBe(1);
  });

  it('stops at once when the service refuses to send (credentials, paused account)', async () => {
    const { summary, db } = await run(3, { 1: ['stop'] }, { concurrency: 1 });
    expect(summary.stopped?.message).toBe('The mail service refused to send ("failed: stop"). Check the credentials in SMTP_URL (or the account\'s state), then run the same command again.');
    expect((await db.all<{ status: string }>('SELECT status FROM deliveries')).every((r) => r.status === 'queued')).toBe(true);
  });

  it('stops at once when the server cannot be reached before anything was sent, and after a run of such failures later', async () => {
    const first = await run(3, { 1: ['unreachable'] }, { concurrency: 1 });
    expect(first.summary.stopped?.message).toBe('Cannot reach smtp://test:25: failed: unreachable. Nothing more was sent; check SMTP_URL and the network, then run the same command again.');
    expect(first.transport.sent).toEqual([]);
    const later = await run(5, { 2: ['unreachable'], 3: ['unreachable'], 4: ['unreachable'] }, { concurrency: 1, unreachableStopAfter: 3 });
    expect(later.summary).toMatchObject({ stopped: { reason: 'unreachable' }, run: { sent: 1 } });
    expect((await later.status(5)).status).toBe('queued');
  });

});
