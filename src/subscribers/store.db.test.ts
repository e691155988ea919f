import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaStatus } from '../db/migrate.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import { createSubscriberStore } from './store.db.ts';
import type { SubscriberStore } from './store.ts';
import { TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const signup = (email: string, extra: Partial<{ firstName: string; at: Date }> = {}) => ({
  email,
  firstName: extra.firstName,
  at: extra.at ?? new Date('2026-11-23T10:00:00Z'),
  ip: '203.0.113.9',
  userAgent: 'test',
  form: 'subscribe-page',
  consentText: 'Get the tip every week',
});

describe.each(testEngines())('subscriber store on %s', (engine) => {
  let t: TestDatabase;
  let store: SubscriberStore;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY, outbox: createOutbox(t.db) });
  });
  afterEach(() => t.cleanup());

  it('records a signup as pending with its consent record, and confirms it once', async () => {
    const outcome = await store.signup(signup('ana@example.com', { firstName: 'Ana' }));
    expect(outcome.kind).toBe('pending');
    const id = outcome.kind === 'pending' ? outcome.subscriber.id : 0;
    const { subscriber: confirmed, confirmedNow } = (await store.confirm(id, new Date('2026-11-23T10:05:00Z'), '198.51.100.4', { queueWelcome: true }))!;
    expect(confirmedNow).toBe(true);
    expect(confirmed).toMatchObject({ status: 'confirmed', firstName: 'Ana', consent: { signupAt: '2026-11-23T10:00:00.000Z', signupIp: '203.0.113.9', form: 'subscribe-page', consentText: 'Get the tip every week', confirmedAt: '2026-11-23T10:05:00.000Z', confirmIp: '198.51.100.4' } });
    expect(await store.confirm(id, new Date('2026-11-24T00:00:00Z'), 'x', { queueWelcome: true })).toMatchObject({ confirmedNow: false, subscriber: { consent: { confirmedAt: '2026-11-23T10:05:00.000Z' } } });
    // Confirming twice (two servers handling one link) queues one welcome email.
    expect(await t.db.all(`SELECT kind FROM mail_outbox WHERE kind = 'welcome'`)).toHaveLength(1);
  });

  it('queues through the outbox it is given, and says so when it was given none', async () => {
    const bare = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    await expect(bare.signup(signup('bo@example.com'), { queueConfirmation: { cooldownMs: 0 } })).rejects.toThrow(
      'This subscriber store was created without a mail outbox, so it cannot queue a confirmation or welcome: pass createSubscriberStore(db, { outbox }).',
    );
    // Nothing half-done: the sign-up's transaction rolled back.
    expect(await store.byEmail('bo@example.com')).toBeUndefined();
    expect(await bare.signup(signup('bo@example.com'))).toMatchObject({ kind: 'pending', queued: false });
  });

  it('keeps a confirmed subscriber unchanged when they sign up again, and lets an unsubscribed one come back as pending', async () => {
    const first = await store.signup(signup('ana@example.com', { firstName: 'Ana' }));
    const id = first.kind === 'pending' ? first.subscriber.id : 0;
    await store.confirm(id, new Date(), null);
    const again = await store.signup(signup('ana@example.com', { firstName: 'Mallory' }));
    expect(again.kind).toBe('already-confirmed');
    expect((await store.byId(id))?.firstName).toBe('Ana');
    await store.unsubscribe(id, new Date('2026-11-25T00:00:00Z'));
    expect((await store.byId(id))?.status).toBe('unsubscribed');
    const back = await store.signup(signup('ana@example.com'));
    expect(back.kind === 'pending' && back.subscriber.id).toBe(id);
    expect(await store.count()).toMatchObject({ pending: 1, total: 1 });
  });

  it('turns 50 concurrent signups for one address into one row', async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.signup(signup('same@example.com'))));
    expect(await store.count()).toMatchObject({ pending: 1, total: 1 });
  });

  it('erases personal data and suppresses the address for good', async () => {
    await store.signup(signup('ana@example.com'));
    expect(await store.erase('ana@example.com', new Date())).toBe('erased');
    expect(await store.byEmail('ana@example.com')).toBeUndefined();
    expect(await store.signup(signup('ana@example.com'))).toEqual({ kind: 'suppressed' });
    expect(await store.importConfirmed([{ email: 'ana@example.com', firstName: undefined }], 'old list', new Date())).toEqual({ added: 0, skipped: 1 });
  });

  it('imports confirmed subscribers, skipping ones already present', async () => {
    await store.signup(signup('bo@example.com'));
    const result = await store.importConfirmed([{ email: 'bo@example.com', firstName: undefined }, { email: 'cy@example.com', firstName: 'Cy' }], 'Conference list 2026', new Date());
    expect(result).toEqual({ added: 1, skipped: 1 });
    expect(await store.byEmail('cy@example.com')).toMatchObject({ status: 'confirmed', consent: { form: 'import', consentText: 'Conference list 2026' } });
  });

  it('applies migrations once and reports the schema as current', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const status = await schemaStatus(t.db);
    expect(status.current).toBe(status.latest);
    expect(status.pending).toEqual([]);
  });
});
