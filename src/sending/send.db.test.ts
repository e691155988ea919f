/**
 * The send engine on a real ledger (both engines) with an in-memory transport: what happens
 * to work another machine's sender claimed and then went silent on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createLedger } from './ledger.db.ts';
import { runSend, type SendOptions, type SendPorts } from './send.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

describe.each(testEngines())('send engine on %s', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    await createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed(Array.from({ length: 30 }, (_, i) => ({ email: `r${i}@example.com`, firstName: undefined })), 'test', new Date());
  });
  afterEach(() => t.cleanup());

  const setup = () => {
    const sent: string[] = [];
    const ledger = createLedger(t.db);
    const options: SendOptions = {
      issue: 3,
      messageFor: (s) => ({ to: s.email }),
      concurrency: 4,
      maxAttempts: 3,
      retryUncertain: false,
      policyStopAfter: 5,
      signal: new AbortController().signal,
      senderId: 'here:1:aaa',
      leaseMs: 1500,
      pollMs: 50,
      batchSize: 10,
    };
    const ports: SendPorts = {
      ledger,
      subscribers: createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY }),
      transport: {
        send: async (m) => {
          sent.push(String(m.to));
          return { messageId: `<${sent.length}@x>`, response: '250 ok' };
        },
        classify: () => 'fail',
        describeError: (e) => String(e),
        describe: () => 'memory',
        remedy: { stop: 'Check the service', unreachable: 'check the network' },
      },
      onPermanentBounce: async () => undefined,
      now: () => new Date(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      progress: () => undefined,
    };
    return { sent, ledger, options, ports };
  };

  it('waits for a silent sender on another machine, then takes over its claims and reports its in-flight message as uncertain', async () => {
    const { sent, ledger, options, ports } = setup();
    await ledger.plan(3, new Date());
    // Another machine claimed ten rows, started one, and went silent; its lease ends in a second.
    const theirs = await ledger.claimBatch(3, 'elsewhere:9:bbb', 10, new Date(Date.now() + 1000), new Date());
    await ledger.markSending(3, theirs[0]!.subscriberId, 'elsewhere:9:bbb', new Date());
    const started = Date.now();
    const summary = await runSend(options, ports);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(summary.complete).toBe(true);
    expect(summary.recovered).toEqual({ inFlight: 1, requeued: 0 });
    expect(summary.run.sent).toBe(29);
    expect(new Set(sent).size).toBe(29);
    expect(sent).not.toContain(theirs[0]!.email);
    expect(summary.ledger).toMatchObject({ sent: 29, uncertain: 1, queued: 0, sending: 0 });
  });

  it('does not wait for a sender known to be dead (its process on this machine is gone)', async () => {
    const { sent, ledger, options, ports } = setup();
    await ledger.plan(3, new Date());
    await ledger.claimBatch(3, 'here:2:ccc', 10, new Date(Date.now() + 600_000), new Date());
    const started = Date.now();
    const summary = await runSend(options, { ...ports, isSenderGone: (id) => id === 'here:2:ccc' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(summary.complete).toBe(true);
    expect(new Set(sent).size).toBe(30);
  });
});
