import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { bounceSigning } from './bounce-signing.ts';
import { createFeedbackRepository, type FeedbackRepository } from './feedback.db.ts';
import { recordPermanentBounce } from './permanent-bounce.ts';
import { feedbackEventId, type FeedbackEvent } from './feedback.ts';
import { verpToken } from './verp.ts';
import { newMessageId } from '../mail/message-id.ts';
import { readIssueReport } from '../reports/issue.db.ts';
import { TEST_SECRET as SUBSCRIPTION_SECRET, TEST_SUPPRESSION_KEY as SUPPRESSION_KEY } from '../testing/secrets.ts';

const bounce = bounceSigning('bounces@tips.example.com', SUBSCRIPTION_SECRET)!;
const now = new Date('2026-03-10T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe.each(testEngines())('feedback events on %s', (engine) => {
  let t: TestDatabase;
  let db: Database;
  let store: SubscriberStore;
  /** BOUNCE_ADDRESS set: mailed reports need a VERP token. */
  let feedback: FeedbackRepository;
  /** No BOUNCE_ADDRESS: mailed reports need a Message-ID with our nonce, sent to that address. */
  let plain: FeedbackRepository;
  /** The Message-ID of each reader's copy of issue 7, bare (as reports quote it). */
  const sentId: Record<number, string> = {};
  let ana: number;
  let ben: number;

  beforeEach(async () => {
    t = await freshDatabase(engine);
    db = t.db;
    store = createSubscriberStore(db, { suppressionKey: SUPPRESSION_KEY });
    feedback = createFeedbackRepository(db, { store, bounce });
    plain = createFeedbackRepository(db, { store, bounce: undefined });
    await store.importConfirmed([{ email: 'ana@example.com', firstName: undefined }, { email: 'ben@example.com', firstName: undefined }], 'test', daysAgo(60));
    ana = (await store.byEmail('ana@example.com'))!.id;
    ben = (await store.byEmail('ben@example.com'))!.id;
    await db.run(`INSERT INTO sends (issue, started_at, status) VALUES (7, ?, 'complete')`, [daysAgo(1)]);
    for (const [id, email] of [[ana, 'ana@example.com'], [ben, 'ben@example.com']] as const) {
      const messageId = newMessageId(`issue-7.${id}.run`, 'tips.example.com');
      sentId[id] = messageId.slice(1, -1);
      await db.run(
        `INSERT INTO deliveries (issue, subscriber_id, email, status, attempts, message_id, created_at, updated_at, sent_at) VALUES (7, ?, ?, 'sent', 1, ?, ?, ?, ?)`,
        [id, email, messageId, daysAgo(1), daysAgo(1), daysAgo(1)],
      );
    }
  });
  afterEach(async () => t.cleanup());

  let n = 0;
  const event = (overrides: Partial<FeedbackEvent>): FeedbackEvent => ({
    kind: 'bounce',
    severity: 'permanent',
    recipient: 'ana@example.com',
    source: 'dsn',
    eventId: feedbackEventId('dsn', `report-${++n}`, overrides.recipient ?? 'ana@example.com', overrides.kind ?? 'bounce'),
    ...overrides,
  });
  const status = async (email: string) => (await store.byEmail(email))?.status;

  it('marks a hard bounce tied by a valid VERP token, records it once, and a second read changes nothing', async () => {
    const hard = event({ verpToken: verpToken(bounce.address, ana, bounce.secret), status: '5.1.1', diagnostic: '550 5.1.1 user unknown', at: daysAgo(1) });
    expect(await feedback.apply(hard, now)).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ana, issue: null, change: 'bounced' });
    expect(await status('ana@example.com')).toBe('bounced');
    expect(await status('ben@example.com')).toBe('confirmed');
    expect(await feedback.apply(hard, now)).toEqual({ kind: 'duplicate', subscriberId: ana });
    const rows = await db.all('SELECT kind, severity, subscriber_id, source, status_code, diagnostic, verdict FROM feedback_events');
    expect(rows).toEqual([{ kind: 'bounce', severity: 'permanent', subscriber_id: ana, source: 'dsn', status_code: '5.1.1', diagnostic: '550 5.1.1 user unknown', verdict: 'bounced' }]);
  });

  it('ties an event to the issue by the Message-ID the ledger holds for that recipient, with or without BOUNCE_ADDRESS', async () => {
    const byId = await plain.apply(event({ messageId: sentId[ben]!, recipient: 'ben@example.com' }), now);
    expect(byId).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ben, issue: 7, change: 'bounced' });
    const byToken = await feedback.apply(event({ messageId: sentId[ana]!, verpToken: verpToken(bounce.address, ana, bounce.secret) }), now);
    expect(byToken).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ana, issue: 7, change: 'bounced' });
    expect(await db.all('SELECT issue FROM feedback_events')).toEqual([{ issue: 7 }, { issue: 7 }]);
  });

  it('with BOUNCE_ADDRESS, refuses a mailed report without a valid token, even one quoting our real Message-ID', async () => {
    const token = verpToken(bounce.address, ana, bounce.secret);
    const altered = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    const noToken =
      "no VERP token: with BOUNCE_ADDRESS set, a mailed report counts only when it came back to the reader's signed bounces+<token>@ address or quotes a Return-Path carrying it";
    expect(await feedback.apply(event({}), now)).toEqual({ kind: 'unverified', reason: noToken });
    expect(await feedback.apply(event({ messageId: sentId[ana]! }), now)).toEqual({ kind: 'unverified', reason: noToken });
    expect(await feedback.apply(event({ kind: 'complaint', source: 'arf', messageId: sentId[ana]! }), now)).toEqual({ kind: 'unverified', reason: noToken });
    expect(await feedback.apply(event({ verpToken: altered }), now)).toEqual({
      kind: 'unverified',
      reason: 'its VERP token does not verify (altered, or signed for another BOUNCE_ADDRESS or SUBSCRIPTION_SECRET)',
    });
    expect(await status('ana@example.com')).toBe('confirmed');
    expect(await db.all('SELECT * FROM feedback_events')).toEqual([]);
  });

  it('without BOUNCE_ADDRESS, refuses an address alone, a guessable or made-up Message-ID, or one sent to someone else', async () => {
    // A Message-ID from before the nonce existed is in the ledger, but anyone could have written it.
    await db.run(`UPDATE deliveries SET message_id = ? WHERE subscriber_id = ?`, [`<issue-7.${ben}.run@tips.example.com>`, ben]);
    expect(await plain.apply(event({}), now)).toEqual({ kind: 'unverified', reason: 'no VERP token and no Message-ID of ours in the report' });
    expect(await plain.apply(event({ recipient: 'ben@example.com', messageId: `issue-7.${ben}.run@tips.example.com` }), now)).toEqual({
      kind: 'unverified',
      reason: `Message-ID <issue-7.${ben}.run@tips.example.com> has no random part, so anyone could have written it (set BOUNCE_ADDRESS: reports then need a signed VERP token)`,
    });
    const madeUp = newMessageId('issue-7.1.run', 'tips.example.com').slice(1, -1);
    expect(await plain.apply(event({ messageId: madeUp }), now)).toEqual({ kind: 'unverified', reason: `no message we sent has the Message-ID <${madeUp}>` });
    expect(await plain.apply(event({ recipient: 'ben@example.com', messageId: sentId[ana]! }), now)).toEqual({
      kind: 'unverified',
      reason: `Message-ID <${sentId[ana]!}> was not sent to ben@example.com`,
    });
    // A complaint that hides the address needs the token.
    expect(await plain.apply(event({ kind: 'complaint', recipient: '', source: 'arf', messageId: sentId[ana]! }), now)).toEqual({
      kind: 'unverified',
      reason: 'the report hides the address and carries no valid VERP token',
    });
    expect(await status('ana@example.com')).toBe('confirmed');
    expect(await status('ben@example.com')).toBe('confirmed');
    expect(await db.all('SELECT * FROM feedback_events')).toEqual([]);
  });

  it('without BOUNCE_ADDRESS, says a VERP token cannot be checked', async () => {
    expect(await plain.apply(event({ verpToken: verpToken(bounce.address, ana, bounce.secret) }), now)).toEqual({
      kind: 'unverified',
      reason: 'it has a VERP token but BOUNCE_ADDRESS is not set, so it cannot be checked',
    });
  });

  it('unsubscribes and suppresses on a complaint, even one whose address was hidden, when the token verifies', async () => {
    const { severity: _none, ...complaint } = event({ kind: 'complaint', recipient: '', source: 'arf', verpToken: verpToken(bounce.address, ana, bounce.secret), messageId: sentId[ana]! });
    expect(await feedback.apply(complaint, now)).toEqual({ kind: 'applied', verdict: 'complained', subscriberId: ana, issue: 7, change: 'unsubscribed' });
    expect(await status('ana@example.com')).toBe('unsubscribed');
    expect(await store.isSuppressed('ana@example.com')).toBe(true);
    expect(await store.signup({ email: 'ana@example.com', firstName: undefined, at: now, ip: null, userAgent: null, form: 'x', consentText: 'x' })).toEqual({ kind: 'suppressed' });
  });

  it('stops an address at its third transient bounce within 30 days, not before, and not for older ones', async () => {
    const soft = (at: Date) => event({ severity: 'transient', verpToken: verpToken(bounce.address, ana, bounce.secret), at });
    expect(await feedback.apply(soft(daysAgo(45)), now)).toMatchObject({ kind: 'applied', verdict: 'soft-counted', change: 'none' });
    expect(await feedback.apply(soft(daysAgo(20)), now)).toMatchObject({ kind: 'applied', verdict: 'soft-counted', change: 'none' });
    expect(await feedback.apply(soft(daysAgo(10)), now)).toMatchObject({ kind: 'applied', verdict: 'soft-counted', change: 'none' });
    expect(await status('ana@example.com')).toBe('confirmed');
    expect(await feedback.apply(soft(daysAgo(1)), now)).toMatchObject({ kind: 'applied', verdict: 'soft-limit', change: 'bounced' });
    expect(await status('ana@example.com')).toBe('bounced');
  });

  it('records a delivery without changing anyone, and never turns an unsubscribed reader into a bounced one', async () => {
    expect(await feedback.apply(event({ kind: 'delivery', source: 'ses', messageId: sentId[ana]! }), now)).toMatchObject({ kind: 'applied', verdict: 'ignore', change: 'none' });
    await store.unsubscribe(ben, now);
    expect(await feedback.apply(event({ recipient: 'ben@example.com', verpToken: verpToken(bounce.address, ben, bounce.secret) }), now)).toMatchObject({ kind: 'applied', verdict: 'bounced', change: 'none' });
    expect(await status('ben@example.com')).toBe('unsubscribed');
    expect(await status('ana@example.com')).toBe('confirmed');
  });

  it('matches a confirmation email in the mail outbox, and an SES message id', async () => {
    const { subscriber } = (await store.signup({ email: 'cat@example.com', firstName: undefined, at: now, ip: null, userAgent: null, form: 'x', consentText: 'x' })) as { subscriber: { id: number } };
    const confirmation = newMessageId('confirm.1', 'tips.example.com');
    await db.run(`INSERT INTO mail_outbox (kind, subscriber_id, status, next_attempt_at, message_id, created_at, updated_at) VALUES ('confirm', ?, 'sent', ?, ?, ?, ?)`, [subscriber.id, now, confirmation, now, now]);
    expect(await plain.apply(event({ recipient: 'cat@example.com', messageId: confirmation.slice(1, -1) }), now)).toMatchObject({ kind: 'applied', subscriberId: subscriber.id, issue: null, change: 'bounced' });
    await db.run(`UPDATE deliveries SET message_id = ? WHERE subscriber_id = ?`, ['<0100018c-ses-id-000000@eu-west-1.amazonses.com>', ben]);
    expect(await feedback.apply(event({ recipient: 'ben@example.com', source: 'ses', providerMessageId: '0100018c-ses-id-000000', messageId: 'rewritten@amazonses.com' }), now)).toMatchObject({ kind: 'applied', subscriberId: ben, issue: 7 });
  });

  // Issue #25: one writer per table, one policy for refusals during a send and bounces reported later.
  it('a send-time 5.1.1 and a later DSN for the same reader give the same state and one event each, in either order', async () => {
    const refusal = (subscriberId: number) => ({ subscriberId, reply: '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown', source: { via: 'send' as const, issue: 7 }, at: daysAgo(1) });
    const dsn = (subscriberId: number) => event({ recipient: subscriberId === ana ? 'ana@example.com' : 'ben@example.com', status: '5.1.1', verpToken: verpToken(bounce.address, subscriberId, bounce.secret), messageId: sentId[subscriberId]! });
    // ana: refused during the send, then the DSN arrives.
    expect(await feedback.applyRefusal(refusal(ana), now)).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ana, issue: 7, change: 'bounced' });
    expect(await feedback.apply(dsn(ana), now)).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ana, issue: 7, change: 'none' });
    // ben: the other way round.
    expect(await feedback.apply(dsn(ben), now)).toMatchObject({ kind: 'applied', change: 'bounced' });
    expect(await feedback.applyRefusal(refusal(ben), now)).toMatchObject({ kind: 'applied', change: 'none' });
    // The same refusal reported twice is one event.
    expect(await feedback.applyRefusal(refusal(ben), now)).toEqual({ kind: 'duplicate', subscriberId: ben });
    expect(await status('ana@example.com')).toBe('bounced');
    expect(await status('ben@example.com')).toBe('bounced');
    const events = await db.all('SELECT subscriber_id, source, severity, issue, status_code, verdict FROM feedback_events ORDER BY id');
    expect(events).toEqual([
      { subscriber_id: ana, source: 'send', severity: 'permanent', issue: 7, status_code: '5.1.1', verdict: 'bounced' },
      { subscriber_id: ana, source: 'dsn', severity: 'permanent', issue: 7, status_code: '5.1.1', verdict: 'bounced' },
      { subscriber_id: ben, source: 'dsn', severity: 'permanent', issue: 7, status_code: '5.1.1', verdict: 'bounced' },
      { subscriber_id: ben, source: 'send', severity: 'permanent', issue: 7, status_code: '5.1.1', verdict: 'bounced' },
    ]);
  });

  it('an unsubscribed reader who bounces stays unsubscribed, whichever path the bounce takes', async () => {
    await store.unsubscribe(ana, now);
    await store.markBounced(ana, now);
    expect(await status('ana@example.com')).toBe('unsubscribed');
    expect(await feedback.applyRefusal({ subscriberId: ana, reply: '550 5.1.1 user unknown', source: { via: 'outbox', rowId: 3 }, at: now }, now)).toEqual({ kind: 'applied', verdict: 'bounced', subscriberId: ana, issue: null, change: 'none' });
    expect(await feedback.apply(event({ verpToken: verpToken(bounce.address, ana, bounce.secret) }), now)).toMatchObject({ kind: 'applied', change: 'none' });
    expect(await status('ana@example.com')).toBe('unsubscribed');
    expect(await db.all('SELECT source FROM feedback_events ORDER BY id')).toEqual([{ source: 'outbox' }, { source: 'dsn' }]);
  });

  it('records a refusal through the onPermanentBounce port, with one log line', async () => {
    const lines: string[] = [];
    const onPermanentBounce = recordPermanentBounce(feedback, (line) => lines.push(line));
    await onPermanentBounce({ subscriberId: ben, reply: '550 5.1.1 no such user', source: { via: 'send', issue: 7 }, at: now });
    expect(await status('ben@example.com')).toBe('bounced');
    expect(lines).toEqual([`[feedback] issue #7: applied: hard bounce for subscriber ${ben}, issue #7: no more mail to this address`]);
  });

  it('ignores an event for an erased subscriber and clears diagnostics on erase', async () => {
    await feedback.apply(event({ severity: 'transient', diagnostic: '452 4.2.2 ana@example.com mailbox full', verpToken: verpToken(bounce.address, ana, bounce.secret) }), now);
    await store.erase('ana@example.com', now);
    expect(await db.all('SELECT diagnostic FROM feedback_events')).toEqual([{ diagnostic: null }]);
    expect(await feedback.apply(event({ verpToken: verpToken(bounce.address, ana, bounce.secret) }), now)).toEqual({ kind: 'ignored', reason: `subscriber ${ana} no longer exists (erased)` });
  });

  it("reports an issue's send: sent, bounces, complaints, unsubscribes since the send", async () => {
    expect(await readIssueReport(db, 8)).toBeUndefined();
    await plain.apply(event({ recipient: 'ben@example.com', kind: 'complaint', source: 'arf', messageId: sentId[ben]! }), now);
    await feedback.apply(event({ severity: 'transient', messageId: sentId[ana]!, verpToken: verpToken(bounce.address, ana, bounce.secret) }), now);
    // A refusal during the send is the ledger's "bounced" row, not a second, later hard bounce.
    await feedback.applyRefusal({ subscriberId: ben, reply: '550 5.1.1 user unknown', source: { via: 'send', issue: 7 }, at: now }, now);
    const report = await readIssueReport(db, 7);
    expect(report).toEqual({
      issue: 7,
      startedAt: daysAgo(1),
      sent: 2,
      failed: 0,
      hardBouncedDuringSend: 0,
      hardBouncedLater: 0,
      softBounces: 1,
      softBounceStops: 0,
      complaints: 1,
      unsubscribes: 1,
    });
  });
});
