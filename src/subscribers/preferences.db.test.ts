/**
 * The preference page's changes on a real database (both engines): a pause keeps the reader out of the next
 * send and lets them back in after its date; an address change is pending (mail goes to the old address)
 * until confirmed, then mail goes to the new one only and the consent record keeps both; the data download.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox } from '../outbox/outbox.db.ts';
import { createLedger } from '../sending/ledger.db.ts';
import { runSend, type SendPorts } from '../sending/send.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { subscriberData } from './data-export.db.ts';
import { CONFIRMATION_COOLDOWN_MS } from './flow.ts';
import { createSubscriberStore, pausedCount } from './store.db.ts';
import type { SubscriberStore } from './store.ts';
import { TEST_SUPPRESSION_KEY as KEY } from '../testing/secrets.ts';

const WEEK = 7 * 86_400_000;

describe.each(testEngines())('preference changes on %s', (engine) => {
  let t: TestDatabase;
  let store: SubscriberStore;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    store = createSubscriberStore(t.db, { suppressionKey: KEY, outbox: createOutbox(t.db) });
    await store.importConfirmed(['ana', 'ben', 'cy'].map((n) => ({ email: `${n}@example.com`, firstName: undefined })), 'test', new Date());
  });
  afterEach(() => t.cleanup());

  /** Sends `issue` with the clock moved on by `aheadMs`, to an in-memory mailbox; returns who got it. */
  const send = async (issue: number, aheadMs = 0) => {
    const sent: string[] = [];
    const now = () => new Date(Date.now() + aheadMs);
    const ports: SendPorts = {
      ledger: createLedger(t.db),
      subscribers: store,
      transport: {
        send: async (m) => (sent.push(String(m.to)), { messageId: `<${sent.length}@x>`, response: '250 ok' }),
        classify: () => 'fail',
        describeError: (e) => String(e),
        describe: () => 'memory',
        remedy: { stop: 'Check the service', unreachable: 'check the network' },
      },
      onPermanentBounce: async () => undefined,
      now,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      progress: () => undefined,
    };
    const options = { issue, messageFor: (s: { email: string }) => ({ to: s.email }), concurrency: 2, maxAttempts: 3, retryUncertain: false, policyStopAfter: 5, signal: new AbortController().signal, senderId: 'here:1:aaa' };
    await runSend(options, ports);
    return sent.sort();
  };
  const id = async (email: string) => (await store.byEmail(email))!.id;

  it('skips a paused reader in the next send, counts them as paused, and mails them after the date by itself', async () => {
    const now = new Date();
    await store.pause(await id('ben@example.com'), new Date(now.getTime() + 2 * WEEK), now);
    expect(await pausedCount(t.db, now)).toBe(1);
    expect(await send(7)).toEqual(['ana@example.com', 'cy@example.com']);
    // The ledger has no row for the paused reader: not failed, not skipped, simply not planned.
    expect(await t.db.all('SELECT subscriber_id FROM deliveries WHERE issue = 7')).toHaveLength(2);
    expect(await pausedCount(t.db, new Date(now.getTime() + 3 * WEEK))).toBe(0);
    expect(await send(8, 3 * WEEK)).toEqual(['ana@example.com', 'ben@example.com', 'cy@example.com']);
  });

  it('skips a reader who paused after the issue was planned (a send resumed later)', async () => {
    const now = new Date();
    await createLedger(t.db).plan(9, now);
    await store.pause(await id('cy@example.com'), new Date(now.getTime() + WEEK), now);
    expect(await send(9)).toEqual(['ana@example.com', 'ben@example.com']);
    expect(await t.db.all(`SELECT status, last_response FROM deliveries WHERE issue = 9 AND status = 'skipped'`)).toEqual([{ status: 'skipped', last_response: 'subscriber is paused' }]);
  });

  it('pauses only confirmed readers, and resumes on request', async () => {
    const now = new Date();
    const ben = await id('ben@example.com');
    await store.unsubscribe(await id('cy@example.com'), now);
    expect((await store.pause(await id('cy@example.com'), new Date(now.getTime() + WEEK), now))?.pausedUntil).toBeNull();
    expect((await store.pause(ben, new Date(now.getTime() + WEEK), now))?.pausedUntil).not.toBeNull();
    expect((await store.resume(ben, now))?.pausedUntil).toBeNull();
    expect(await send(7)).toEqual(['ana@example.com', 'ben@example.com']);
  });

  it('keeps mailing the old address until the new one is confirmed, then only the new one, keeping both in the consent record', async () => {
    const ana = await id('ana@example.com');
    const at = new Date();
    expect(await store.requestAddressChange(ana, 'ana@new.example', at, { cooldownMs: CONFIRMATION_COOLDOWN_MS })).toEqual({ kind: 'requested', queued: true });
    // A second request within the cooldown records the address but queues no second email.
    expect(await store.requestAddressChange(ana, 'ana@new.example', at, { cooldownMs: CONFIRMATION_COOLDOWN_MS })).toEqual({ kind: 'requested', queued: false });
    expect(await t.db.all(`SELECT kind FROM mail_outbox WHERE subscriber_id = ?`, [ana])).toEqual([{ kind: 'change' }]);
    expect(await send(7)).toContain('ana@example.com');

    expect(await store.confirmAddressChange(ana, 'someone-else@new.example', new Date())).toEqual({ kind: 'stale' });
    const outcome = await store.confirmAddressChange(ana, 'ana@new.example', new Date());
    expect(outcome).toMatchObject({ kind: 'changed', subscriber: { email: 'ana@new.example', pendingEmail: null, status: 'confirmed', consent: { previousEmail: 'ana@example.com', form: 'import', consentText: 'test' } } });
    const sent = await send(8);
    expect(sent).toContain('ana@new.example');
    expect(sent).not.toContain('ana@example.com');
    expect(await store.confirmAddressChange(ana, 'ana@new.example', new Date())).toMatchObject({ kind: 'already-changed' });
  });

  it('refuses an address another subscription holds or that is suppressed, and changes nothing', async () => {
    const ana = await id('ana@example.com');
    const opts = { cooldownMs: CONFIRMATION_COOLDOWN_MS };
    expect(await store.requestAddressChange(ana, 'ben@example.com', new Date(), opts)).toEqual({ kind: 'unavailable' });
    await store.erase('gone@example.com', new Date(), { suppressIfAbsent: true });
    expect(await store.requestAddressChange(ana, 'gone@example.com', new Date(), opts)).toEqual({ kind: 'unavailable' });
    expect(await store.requestAddressChange(ana, 'ana@example.com', new Date(), opts)).toEqual({ kind: 'same' });
    // Between request and confirmation, someone else signs up with the new address: the change is refused.
    expect((await store.requestAddressChange(ana, 'late@example.com', new Date(), opts)).kind).toBe('requested');
    await store.importConfirmed([{ email: 'late@example.com', firstName: undefined }], 'test', new Date());
    expect(await store.confirmAddressChange(ana, 'late@example.com', new Date())).toEqual({ kind: 'unavailable' });
    expect((await store.byId(ana))?.email).toBe('ana@example.com');
    // Only the one accepted request queued an email; the refused ones sent nothing anywhere.
    expect(await t.db.all('SELECT kind FROM mail_outbox WHERE subscriber_id = ?', [ana])).toEqual([{ kind: 'change' }]);
  });

  it('downloads what is held about one reader, and nothing about anyone else', async () => {
    const ana = await id('ana@example.com');
    await send(7);
    await store.requestAddressChange(ana, 'ana@new.example', new Date(), { cooldownMs: 0 });
    const data = await subscriberData(t.db, (await store.byId(ana))!, new Date('2026-12-05T00:00:00Z'));
    expect(data).toMatchObject({
      exportedAt: '2026-12-05T00:00:00.000Z',
      subscription: { email: 'ana@example.com', status: 'confirmed', pendingNewEmail: 'ana@new.example', pausedUntil: null },
      consent: { form: 'import', consentText: 'test', previousEmail: null },
      deliveries: [{ issue: 7, status: 'sent' }],
      notices: [{ kind: 'change', status: 'queued' }],
      feedback: [],
    });
    expect(JSON.stringify(data)).not.toMatch(/ben@|cy@/);
  });

  it('erases a reader with a pending new address: neither address stays', async () => {
    const ana = await id('ana@example.com');
    await store.requestAddressChange(ana, 'ana@new.example', new Date(), { cooldownMs: 0 });
    expect(await store.erase('ana@example.com', new Date())).toBe('erased');
    expect(await t.db.all(`SELECT * FROM subscribers WHERE email LIKE 'ana@%' OR pending_email LIKE 'ana@%'`)).toEqual([]);
    expect(await t.db.all('SELECT * FROM mail_outbox WHERE subscriber_id = ?', [ana])).toEqual([]);
  });
});
