import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore, migrate, openDatabase } from './store.sqlite.ts';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'totw-store-'));
  dirs.push(dir);
  return createSqliteStore(openDatabase(`file:${join(dir, 'tips.db')}`));
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const signup = (email: string, extra: Partial<{ firstName: string; at: Date }> = {}) => ({
  email,
  firstName: extra.firstName,
  at: extra.at ?? new Date('2026-11-23T10:00:00Z'),
  ip: '203.0.113.9',
  userAgent: 'test',
  form: 'subscribe-page',
  consentText: 'Get the tip every week',
});

describe('SQLite subscriber store', () => {
  it('records a signup as pending with its consent record, and confirms it once', () => {
    const store = fresh();
    const outcome = store.signup(signup('ana@example.com', { firstName: 'Ana' }));
    expect(outcome.kind).toBe('pending');
    const id = outcome.kind === 'pending' ? outcome.subscriber.id : 0;
    const confirmed = store.confirm(id, new Date('2026-11-23T10:05:00Z'), '198.51.100.4');
    expect(confirmed).toMatchObject({ status: 'confirmed', firstName: 'Ana', consent: { signupIp: '203.0.113.9', form: 'subscribe-page', consentText: 'Get the tip every week', confirmedAt: '2026-11-23T10:05:00.000Z', confirmIp: '198.51.100.4' } });
    expect(store.confirm(id, new Date('2026-11-24T00:00:00Z'), 'x')?.consent.confirmedAt).toBe('2026-11-23T10:05:00.000Z');
  });

  it('keeps a confirmed subscriber confirmed when they sign up again, and lets an unsubscribed one come back as pending', () => {
    const store = fresh();
    const first = store.signup(signup('ana@example.com'));
    const id = first.kind === 'pending' ? first.subscriber.id : 0;
    store.confirm(id, new Date(), null);
    expect(store.signup(signup('ana@example.com')).kind).toBe('already-confirmed');
    store.unsubscribe(id, new Date('2026-11-25T00:00:00Z'));
    expect(store.byId(id)?.status).toBe('unsubscribed');
    const again = store.signup(signup('ana@example.com'));
    expect(again.kind === 'pending' && again.subscriber.id).toBe(id);
    expect(store.count()).toMatchObject({ pending: 1, total: 1 });
  });

  it('erases personal data and suppresses the address for good', () => {
    const store = fresh();
    store.signup(signup('ana@example.com'));
    expect(store.erase('ana@example.com', new Date())).toBe(true);
    expect(store.byEmail('ana@example.com')).toBeUndefined();
    expect(store.signup(signup('ana@example.com'))).toEqual({ kind: 'suppressed' });
    expect(store.importConfirmed([{ email: 'ana@example.com', firstName: undefined }], 'old list', new Date())).toEqual({ added: 0, skipped: 1 });
  });

  it('imports confirmed subscribers, skipping ones already present', () => {
    const store = fresh();
    store.signup(signup('bo@example.com'));
    const result = store.importConfirmed([{ email: 'bo@example.com', firstName: undefined }, { email: 'cy@example.com', firstName: 'Cy' }], 'Conference list 2026', new Date());
    expect(result).toEqual({ added: 1, skipped: 1 });
    expect(store.byEmail('cy@example.com')).toMatchObject({ status: 'confirmed', consent: { form: 'import', consentText: 'Conference list 2026' } });
  });

  it('applies migrations once', () => {
    const store = fresh();
    store.close();
    const dir = dirs[0]!;
    const db = openDatabase(`file:${join(dir, 'tips.db')}`);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});
