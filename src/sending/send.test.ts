/**
 * The send engine with a scripted in-memory transport on a real (temporary SQLite) ledger:
 * every edge of the retry, bounce and stop rules, fast. (send.smtp.test.ts drives the same
 * engine against a real SMTP server; send.db.test.ts covers several senders.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PermanentBounce } from '../mail/permanent-bounce.ts';
import type { Verdict } from '../mail/transport.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, type TestDatabase } from '../testing/databases.fs.ts';
import { createLedger } from './ledger.db.ts';
import { runSend, type SendOptions } from './send.ts';
import { TEST_SUPPRESSION_KEY as KEY } from '../testing/secrets.ts';

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
  const bounces: PermanentBounce[] = [];
  const markBounced = (bounce: PermanentBounce) => store.markBounced(bounce.subscriberId, bounce.at);
  const summary = await runSend(
    { issue: 1, messageFor: (s) => ({ to: s.email }), concurrency: 2, maxAttempts: 3, retryUncertain: false, policyStopAfter: 3, signal: new AbortController().signal, senderId: 'test:1:a', pollMs: 10, ...options },
    {
      ledger,
      subscribers: store,
      transport,
      onPermanentBounce: async (bounce) => {
        bounces.push(bounce);
        await markBounced(bounce);
      },
      now: () => new Date(clock),
      sleep: async (ms) => void (clock += ms),
      progress: () => undefined,
    },
  );
  const status = async (id: number) => (await t.db.get<{ status: string; last_response: string | null; attempts: number }>('SELECT status, last_response, attempts FROM deliveries WHERE issue = 1 AND subscriber_id = ?', [id]))!;
  return { summary, transport, status, db: t.db, ledger, store, bounces };
};

describe('what a crash can leave uncertain', () => {
  it('never has more rows "sending" than send slots, however the run is interrupted', async () => {
    const t = await freshDatabase('sqlite');
    open.push(t);
    const store = createSubscriberStore(t.db, { suppressionKey: KEY });
    await store.importConfirmed(Array.from({ length: 120 }, (_, i) => ({ email: `s${i + 1}@example.com`, firstName: undefined })), 'test', new Date());
    const ledger = createLedger(t.db);
    // What a crash at each of these moments would leave uncertain: the rows committed as "sending".
    const seen: number[] = [];
    const look = async () => seen.push(Number((await t.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE issue = 1 AND status = 'sending'`))?.n));
    const summary = await runSend(
      { issue: 1, messageFor: (s) => ({ to: s.email }), concurrency: 4, maxAttempts: 3, retryUncertain: false, policyStopAfter: 3, signal: new AbortController().signal, senderId: 'test:1:a', batchSize: 25 },
      {
        ledger,
        subscribers: store,
        transport: {
          // Inside the transport, and again after a short wait of a few milliseconds.
          send: async (message) => {
            await look();
            await new Promise((resolve) => setTimeout(resolve, 1 + (seen.length % 3)));
            return { messageId: `<${String(message.to)}>`, response: '250 ok' };
          },
          classify: () => 'fail',
          describeError: String,
          describe: () => 'memory',
          remedy: { stop: 'x', unreachable: 'y' },
        },
        onPermanentBounce: async () => undefined,
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        // Between messages too: a slot that finished one has not yet committed the next one's mark.
        progress: () => void look(),
      },
    );
    expect(summary.run.sent).toBe(120);
    expect(seen.length).toBeGreaterThanOrEqual(240);
    expect(Math.max(...seen)).toBeLessThanOrEqual(4);
    expect(summary.ledger).toMatchObject({ sent: 120, sending: 0 });
  });
});

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
    const { summary, status, transport, bounces, store } = await run(4, { 1: ['bounce'], 2: ['fail'] }, {}, async ({ store }) => {
      await store.unsubscribe(3, new Date());
      await store.erase('s4@example.com', new Date());
    });
    expect((await Promise.all([1, 2].map(status))).map((r) => r.status)).toEqual(['bounced', 'failed']);
    expect(transport.sent).toEqual([]);
    expect(summary.run).toMatchObject({ bounced: 1, failed: 1 });
    expect(summary.complete).toBe(true);
    // The bounce goes through the injected port, with the reply and the issue.
    expect(bounces).toEqual([{ subscriberId: 1, reply: 'failed: bounce', source: { via: 'send', issue: 1 }, at: expect.any(Date) }]);
    expect((await store.byId(1))?.status).toBe('bounced');
  });

  it('records a message lost after it was handed over as uncertain, and does not send it again', async () => {
    const { summary, status, transport } = await run(3, { 2: ['uncertain', 'ok'] });
    expect(await status(2)).toMatchObject({ status: 'uncertain', attempts: 1, last_response: 'failed: uncertain' });
    expect(transport.sent.sort()).toEqual(['s1@example.com', 's3@example.com']);
    expect(summary.run).toMatchObject({ sent: 2, uncertain: 1, retried: 0 });
    expect(summary.ledger).toMatchObject({ sent: 2, uncertain: 1, queued: 0, sending: 0 });
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
