import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { latestSentIssue, readIssueReport, readIssueReports, readSendState } from './issue.db.ts';

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 8));

describe.each(testEngines())('issue reports on %s', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase(engine);
    const reader = async (email: string, status: string, unsubscribedAt: Date | null) =>
      t.db.run(`INSERT INTO subscribers (email, status, created_at, updated_at, signup_at, confirmed_at, unsubscribed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, [email, status, day(1), day(1), day(1), day(1), unsubscribedAt]);
    await reader('ana@example.com', 'unsubscribed', day(10)); // got 7 and 8, left after 8
    await reader('ben@example.com', 'unsubscribed', day(5)); // got 7, left before 8
    await reader('cy@example.com', 'confirmed', null);
    for (const [issue, started, status] of [[7, day(3), 'complete'], [8, day(9), 'running']] as const) {
      await t.db.run(`INSERT INTO sends (issue, started_at, status) VALUES (?, ?, ?)`, [issue, started, status]);
    }
    const delivery = (issue: number, id: number, email: string, status: string) =>
      t.db.run(`INSERT INTO deliveries (issue, subscriber_id, email, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`, [issue, id, email, status, day(3), day(3)]);
    await delivery(7, 1, 'ana@example.com', 'sent');
    await delivery(7, 2, 'ben@example.com', 'sent');
    await delivery(7, 3, 'cy@example.com', 'sent');
    await delivery(8, 1, 'ana@example.com', 'sent');
    await delivery(8, 2, 'ben@example.com', 'skipped');
    await delivery(8, 3, 'cy@example.com', 'uncertain');
  });
  afterEach(async () => t.cleanup());

  it('gives each unsubscribe to the last issue the reader was sent before leaving', async () => {
    expect((await readIssueReports(t.db)).map((r) => [r.issue, r.sent, r.unsubscribes])).toEqual([
      [7, 3, 1],
      [8, 1, 1],
    ]);
    expect(await readIssueReport(t.db, 7)).toMatchObject({ issue: 7, sent: 3, unsubscribes: 1 });
    expect(await readIssueReport(t.db, 9)).toBeUndefined();
  });

  it('finds the latest send and where it stands', async () => {
    expect(await latestSentIssue(t.db)).toBe(8);
    expect(await readSendState(t.db, 8)).toEqual({
      issue: 8, status: 'running', planned: 3, sent: 1, failed: 0, bounced: 0, skipped: 1, pending: 0, uncertain: 1, uncertainAddresses: ['cy@example.com'],
    });
  });
});
