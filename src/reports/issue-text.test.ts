import { describe, expect, it } from 'vitest';
import { complaintRate, reportJson, reportTable, type IssueFeedbackReport } from './report.ts';

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
        '  Unsubscribes        9  since the send started',
        "  Complaint rate  0.17%  under Gmail's 0.30% line",
      ].join('\n'),
    );
  });

  it('says so when the complaint rate reaches 0.3%', () => {
    expect(reportTable({ ...report, complaints: 4 })).toContain("Complaint rate  0.33%  OVER Gmail's 0.30% line: providers will start filtering this list as spam");
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
      complaintRateLimit: 0.003,
      overComplaintLimit: false,
    });
    expect(complaintRate({ sent: 0, complaints: 0 })).toBe(0);
  });
});
