/**
 * `npm run bounces` on both engines (SQLite, and PostgreSQL when the test run has one): hostile text in a
 * bounce, and a report the database refuses, never stop the run (security review 2, finding 4).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { verpSecret } from './bounce-signing.ts';
import { main } from './cli.ts';
import { verpAddress } from './verp.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

const fixtures = fileURLToPath(new URL('../testing/fixtures/bounces/', import.meta.url));
const BOUNCE = 'bounces@example.com';

describe.each(testEngines())('npm run bounces on %s', (engine) => {
  let t: TestDatabase;
  let store: SubscriberStore;
  let env: Record<string, string>;
  let dir: string;
  const ids: Record<string, number> = {};

  beforeEach(async () => {
    t = await freshDatabase(engine);
    env = { DATABASE_URL: t.url, SUBSCRIPTION_SECRET: SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY, BOUNCE_ADDRESS: BOUNCE };
    store = createSubscriberStore(t.db, { suppressionKey: env['SUPPRESSION_KEY']! });
    const readers = ['nul.reader@example.org', 'next.reader@example.org', 'refused.reader@example.org'];
    await store.importConfirmed(readers.map((email) => ({ email, firstName: undefined })), 'test', new Date('2026-11-01T00:00:00Z'));
    for (const email of readers) ids[email] = (await store.byEmail(email))!.id;
    dir = join(mkdtempSync(join(tmpdir(), 'totw-bounces-db-')), 'Maildir');
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  /** A Postfix-style DSN for `email`, returned to that reader's signed VERP address, with `diagnostic` as the server's reply. */
  const bounceFor = (email: string, diagnostic: string) =>
    readFileSync(join(fixtures, 'postfix-dsn.eml'), 'latin1')
      .replace(/bounces\+[0-9a-z]+-[a-z2-7]{16}@example\.com/g, verpAddress(BOUNCE, ids[email]!, verpSecret(SECRET)))
      .replaceAll('forwarded.reader@example.org', email)
      .replace(/^Diagnostic-Code: .*(\r?\n[ \t].*)*/m, `Diagnostic-Code: smtp; ${diagnostic}`);

  const run = async (source: string) => {
    let out = '';
    const code = await main([source], env, { out: (s) => void (out += s), err: (s) => void (out += s), stdin: (async function* () {})(), now: () => new Date('2026-11-24T09:00:00Z') });
    return { code, out };
  };

  function maildir(messages: Record<string, string>): string {
    for (const folder of ['new', 'cur', 'tmp']) mkdirSync(join(dir, folder), { recursive: true });
    for (const [name, text] of Object.entries(messages)) writeFileSync(join(dir, 'new', name), text, 'latin1');
    return dir;
  }

  it('stores a NUL or a terminal escape in a bounce escaped, and goes on to the next message', async () => {
    // Any reader can make their own server reply with these: their VERP address verifies.
    const path = maildir({ '1.nul': bounceFor('nul.reader@example.org', '550 5.1.1 no\u0000such user \u001b[2J here'), '2.normal': bounceFor('next.reader@example.org', '550 5.1.1 user unknown') });
    const result = await run(path);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Read 2 message(s): 2 applied, 0 duplicate, 0 ignored, 0 unverified, 0 skipped, 0 failed.');
    expect(await t.db.all('SELECT diagnostic FROM feedback_events ORDER BY id')).toEqual([{ diagnostic: '550 5.1.1 no\\u{0}such user \\u{1b}[2J here' }, { diagnostic: '550 5.1.1 user unknown' }]);
    expect((await store.byEmail('next.reader@example.org'))?.status).toBe('bounced');
  });

  it('records a report the database refuses as failed, flags it, and applies the rest', async () => {
    // A record the database will not take for its data (here a trigger stands in for any such refusal).
    if (engine === 'postgres') {
      await t.db.exec(`CREATE FUNCTION refuse_poison() RETURNS trigger AS $$ BEGIN IF NEW.diagnostic LIKE '%poison%' THEN RAISE EXCEPTION 'value refused' USING ERRCODE = '22000'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse_poison BEFORE INSERT ON feedback_events FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
    } else {
      await t.db.exec(`CREATE TRIGGER refuse_poison BEFORE INSERT ON feedback_events WHEN NEW.diagnostic LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'value refused'); END;`);
    }
    const path = maildir({ '1.refused': bounceFor('refused.reader@example.org', '550 5.1.1 poison'), '2.normal': bounceFor('next.reader@example.org', '550 5.1.1 user unknown') });
    const result = await run(path);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`${join(path, 'new', '1.refused')}: failed: the database refused this hard bounce (`);
    expect(result.out).toContain(`${join(path, 'new', '2.normal')}: applied: hard bounce for subscriber ${ids['next.reader@example.org']}`);
    expect(result.out).toContain('Read 2 message(s): 1 applied, 0 duplicate, 0 ignored, 0 unverified, 0 skipped, 1 failed.');
    expect((await store.byEmail('refused.reader@example.org'))?.status).toBe('confirmed');
    expect(readdirSync(join(path, 'cur')).sort()).toEqual(['1.refused:2,FS', '2.normal:2,S']);
  });
});
