import { describe, expect, it } from 'vitest';
import { complaintRate, complaintVerdict, reportJson, reportTable, sendStateLines, type IssueFeedbackReport } from './issue-text.ts';
import type { SendState } from './model.ts';

const report: IssueFeedbackReport = {
  issue: 7,
  startedAt: new Date('2026-03-09T08:00:00Z'),
  sent: 1200,
  failed: 3,
  hardBouncedDuringSend: 4,
  hardBouncedLater: 8,
  softBounces: 5,
  softBounceStops: 1,
  complaints: 2,
  unsubscribes: 9,
};

describe('npm run report formatting', () => {
  it('prints an aligned table with the complaint rate under the line', () => {
    expect(reportTable(report)).toBe(
      [
        'Issue #7, send started 2026-03-09 08:00 UTC',
        '  Sent            1,200',
        '  Failed              3',
        '  Bounced, hard      12  4 during the send, 8 reported later',
        '  Bounced, soft       5  1 address(es) stopped after 3 in 30 days',
        '  Complaints          2',
        '  Unsubscribes        9  left after this issue, before the next',
        "  Complaint rate  0.17%  over Gmail's 0.10% target, under its 0.30% limit",
      ].join('\n'),
    );
  });

  it('says so when the complaint rate reaches 0.3%', () => {
    expect(reportTable({ ...report, complaints: 4 })).toContain("Complaint rate  0.33%  OVER Gmail's 0.30% limit: providers will start filtering this list as spam");
    expect(reportJson({ ...report, complaints: 4 })).toMatchObject({ complaintRate: 4 / 1200, overComplaintLimit: true });
  });

  it('gives JSON with hard bounces split and a zero rate when nothing was sent', () => {
    expect(reportJson(report)).toEqual({
      issue: 7,
      sendStartedAt: '2026-03-09T08:00:00.000Z',
      sent: 1200,
      failed: 3,
      bounced: { hard: 12, hardDuringSend: 4, hardLater: 8, soft: 5, softStopped: 1 },
      complaints: 2,
      unsubscribes: 9,
      complaintRate: 2 / 1200,
      complaintRateTarget: 0.001,
      complaintRateLimit: 0.003,
      overComplaintLimit: false,
    });
    expect(complaintRate({ sent: 0, complaints: 0 })).toBe(0);
  });

  it('says under the target only at or below 0.1%', () => {
    expect(complaintVerdict(0.001)).toBe("under Gmail's 0.10% target");
    expect(complaintVerdict(0.0011)).toBe("over Gmail's 0.10% target, under its 0.30% limit");
  });
});

const state = (over: Partial<SendState>): SendState => ({ issue: 7, status: 'complete', planned: 10, sent: 8, failed: 1, bounced: 1, skipped: 0, pending: 0, uncertain: 0, uncertainAddresses: [], ...over });

describe("where the issue's send stands", () => {
  it('says a send is complete when nothing is pending or uncertain', () => {
    expect(sendStateLines(state({}))).toEqual(['Send complete: all 10 planned recipients handled (8 sent, 2 failed or bounced, 0 skipped).']);
    expect(reportJson(report, state({}))).toMatchObject({ send: { planned: 10, pending: 0, uncertain: 0, complete: true } });
  });

  it('lists uncertain addresses with the command that resolves them, and the resume command for pending ones', () => {
    const lines = sendStateLines(state({ status: 'stopped', sent: 5, pending: 3, uncertain: 2, uncertainAddresses: ['ana@example.com', 'ben@example.com'] }));
    expect(lines).toEqual([
      'Send NOT complete: 7 of 10 planned recipients handled, 3 pending, 2 uncertain.',
      '  3 pending: run `npm run send -- --issue 7` to send them.',
      '  2 uncertain (a sender stopped while the server had them; each may or may not have arrived):',
      '    ana@example.com',
      '    ben@example.com',
      '  To send them again (a reader may get a second copy): `npm run send -- --issue 7 --retry-uncertain`',
    ]);
    expect(reportTable(report, state({ uncertain: 2, uncertainAddresses: ['ana@example.com', 'ben@example.com'] }))).toContain('\n\nSend NOT complete');
  });

  it('says a running send is being worked on, and how to resume it if its sender is gone', () => {
    expect(sendStateLines(state({ status: 'running', sent: 5, pending: 3 }))).toContain(
      '  3 pending: a sender is working on them; if none is running any more, `npm run send -- --issue 7` resumes the send.',
    );
  });

  it('cuts a long uncertain list in the table, never in the JSON', () => {
    const addresses = Array.from({ length: 25 }, (_, i) => `r${i}@example.com`);
    const lines = sendStateLines(state({ uncertain: 25, uncertainAddresses: addresses }));
    expect(lines.filter((l) => l.startsWith('    r'))).toHaveLength(20);
    expect(lines).toContain('    … and 5 more (--json lists them all)');
    expect(reportJson(report, state({ uncertain: 25, uncertainAddresses: addresses })).send?.uncertainAddresses).toHaveLength(25);
  });
});
