/** Erasing a subscriber removes every copy of the address (issue: security review, item 9). */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger } from '../sending/ledger.db.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { createOutbox } from '../outbox/outbox.db.ts';
import { createSubscriberStore, keyLegacySuppressions, sha256Address, suppressionHash } from './store.db.ts';
import { TEST_SUPPRESSION_KEY as KEY } from '../testing/secrets.ts';

const at = new Date('2026-11-23T10:00:00Z');

describe.each(testEngines())('erase on %s', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => (t = await freshDatabase(engine)));
  afterEach(() => t.cleanup());

  it('leaves the address nowhere: subscriber row, ledger, outbox; only a keyed hash remains', async () => {
    const store = createSubscriberStore(t.db, { suppressionKey: KEY, outbox: createOutbox(t.db) });
    const email = 'erase-me.unique-marker@example.com';
    await store.importConfirmed([{ email, firstName: 'Eraseme' }], 'test', at);
    const ledger = createLedger(t.db);
    await ledger.plan(7, at);
    const id = (await store.byEmail(email))!.id;
    await ledger.claimBatch(7, 'test:1:a', 10, new Date(at.getTime() + 60_000), at);
    await ledger.markSending(7, id, 'test:1:a', at);
    await ledger.markSent(7, [{ subscriberId: id, messageId: '<m@x>', response: `250 ok queued for ${email}` }], at);
    await store.unsubscribe(id, at);
    await store.signup({ email, firstName: undefined, at, ip: null, userAgent: null, form: 'x', consentText: 'x' }, { queueConfirmation: { cooldownMs: 0 } });
    expect(await store.erase(email, at)).toBe('erased');

    for (const table of ['subscribers', 'deliveries', 'mail_outbox', 'suppressions']) {
      const rows = await t.db.all(`SELECT * FROM ${table}`);
      expect(JSON.stringify(rows), table).not.toContain('unique-marker');
    }
    expect(await t.db.get('SELECT email_hash, keyed FROM suppressions')).toEqual({ email_hash: suppressionHash(KEY, email), keyed: 1 });
    expect(suppressionHash(KEY, email)).not.toBe(sha256Address(email));
    expect(await ledger.counts(7)).toMatchObject({ sent: 1 });
    if (engine === 'sqlite') {
      const path = t.url.replace(/^file:/, '');
      for (const file of readdirSync(dirname(path)).filter((f) => f.startsWith('tips.db'))) {
        expect(readFileSync(join(dirname(path), file)).includes('unique-marker'), file).toBe(false);
      }
    }
  });

  it('never gives an erased subscriber\'s id to someone else', async () => {
    const store = createSubscriberStore(t.db, { suppressionKey: KEY, outbox: createOutbox(t.db) });
    await store.importConfirmed([{ email: 'first@example.com', firstName: undefined }], 'test', at);
    const first = (await store.byEmail('first@example.com'))!.id;
    await store.erase('first@example.com', at);
    await store.importConfirmed([{ email: 'second@example.com', firstName: undefined }], 'test', at);
    expect((await store.byEmail('second@example.com'))!.id).toBeGreaterThan(first);
  });

  it('keys suppressions written before the key existed, in place', async () => {
    await t.db.run('INSERT INTO suppressions (email_hash, reason, created_at) VALUES (?, ?, ?)', [sha256Address('old@example.com'), 'erased', at]);
    expect(await keyLegacySuppressions(t.db, KEY)).toBe(1);
    expect(await keyLegacySuppressions(t.db, KEY)).toBe(0);
    const store = createSubscriberStore(t.db, { suppressionKey: KEY, outbox: createOutbox(t.db) });
    expect(await store.isSuppressed('old@example.com')).toBe(true);
    expect(await store.signup({ email: 'old@example.com', firstName: undefined, at, ip: null, userAgent: null, form: 'x', consentText: 'x' })).toEqual({ kind: 'suppressed' });
  });
});
