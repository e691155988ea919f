import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import type { IssueFeedbackReport, SendState } from './model.ts';
import { renderPage } from './page.ts';
import type { PublicationReport } from './publication.ts';

const issue = (n: number, over: Partial<IssueFeedbackReport> = {}): IssueFeedbackReport => ({
  issue: n, startedAt: new Date(`2026-11-0${n}T08:00:00Z`), sent: 1000, failed: 1, hardBouncedDuringSend: 2, hardBouncedLater: 1, softBounces: 3, softBounceStops: 0, complaints: 0, unsubscribes: 4, ...over,
});
const send: SendState = { issue: 3, status: 'stopped', planned: 1010, sent: 1000, failed: 1, bounced: 2, skipped: 0, pending: 4, uncertain: 3, uncertainAddresses: ['ana@example.com', 'ben@example.com', 'cy@example.com'] };
const week = (day: string, confirmed: number) => ({ week: new Date(`${day}T00:00:00Z`), pending: 2, confirmed, unsubscribed: 1, bounced: 0 });

const report: PublicationReport = {
  at: new Date('2026-12-05T09:00:00Z'),
  database: 'data/tips.db',
  subscribers: [week('2026-11-16', 900), week('2026-11-23', 950), week('2026-11-30', 1000)],
  issues: [issue(1), issue(2, { complaints: 2 }), issue(3, { complaints: 4 })],
  outbox: { counts: { queued: 1, sending: 0, sent: 40, failed: 2, dropped: 0 }, pending: 1, oldestSeconds: 120 },
  lastSend: send,
};

const pointsOf = (html: string, series: string) => Number(new RegExp(`data-series="${series}" data-points="(\\d+)"`).exec(html)?.[1]);
/** The vertices of a d3 line path: one M, then one L per further point. */
const vertices = (html: string, series: string) => (new RegExp(`data-series="${series}" data-points="\\d+" d="([^"]*)"`).exec(html)?.[1] ?? '').match(/[ML]/g)?.length;

describe('the report page', () => {
  const html = renderPage(report, { title: 'Tip of the Week' });

  it('is valid HTML with no script and nothing to fetch, with and without pauses and clicks', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const full = renderPage(
      { ...report, pausedNow: 5, clicks: [{ picks: [{ pick: 1, title: 'Greet', count: 2 }, { pick: 2, count: 7 }], automated: 0 }, undefined, undefined] },
      { title: 'Tip of the Week' },
    );
    for (const page of [html, full]) {
      const result = await validator.validateString(page);
      expect(result.results.flatMap((r) => r.messages.map((m) => `${m.line}: ${m.ruleId} ${m.message}`))).toEqual([]);
    }
    expect(html).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
    expect(html).not.toMatch(/\b(src|href)=|url\(|@import/i);
  });

  it('draws a point per week for each reader state and a point per issue for each issue chart', () => {
    for (const s of ['confirmed', 'pending', 'unsubscribed', 'bounced']) {
      expect(pointsOf(html, s)).toBe(3);
      expect(vertices(html, s), s).toBe(3);
    }
    expect(html).toContain('Pauses are not known to this report: paused readers are counted as confirmed.');
    for (const s of ['delivered', 'hard', 'soft', 'complaints', 'unsubscribes']) expect(pointsOf(html, s)).toBe(3);
    expect((html.match(/<rect class="bar s-hard" x=/g) ?? []).length).toBe(3);
    expect(vertices(html, 'rate'), /data-series="rate"[^>]*/.exec(html)?.[0]).toBe(3);
  });

  it("draws Gmail's target and limit and makes an issue over the limit stand out", () => {
    expect(html).toContain('>Gmail&#39;s target 0.1%</text>');
    expect(html).toContain('>Gmail&#39;s limit 0.3%</text>');
    expect((html.match(/class="dot over-limit"/g) ?? []).length).toBe(1);
    expect((html.match(/class="dot over-target"/g) ?? []).length).toBe(1);
    expect(html).toContain("<strong>Over Gmail's 0.3% complaint limit:</strong> #3.");
  });

  it('calls out an unfinished send: uncertain addresses and the commands that resolve it', () => {
    expect(html).toContain('Send NOT complete: 1,003 of 1,010 planned recipients handled, 4 pending, 3 uncertain.');
    expect(html).toContain('<code>npm run send -- --issue 3 --retry-uncertain</code>');
    expect(html).toContain('<code>npm run send -- --issue 3</code>');
    for (const a of send.uncertainAddresses) expect(html).toContain(`<li>${a}</li>`);
    expect(html).toContain('<code>npm run outbox -- retry</code>');
  });

  it('says click counting is off without a click source, and shows small counts as "< 3" with one', () => {
    expect(html).toContain('Click counting is off');
    const clicks = renderPage({ ...report, clicks: [undefined, undefined, { picks: [{ pick: 1, title: 'Answer <fast>', count: 12 }, { pick: 2, title: 'Say sorry', count: 2 }], automated: 40 }] }, { title: 'T' });
    expect(clicks).not.toContain('Click counting is off');
    expect(clicks).toContain('<th scope="row">Pick 1: Answer &lt;fast&gt;</th><td>12</td>');
    expect(clicks).toContain('<th scope="row">Pick 2: Say sorry</th><td>&lt; 3</td>');
    expect(clicks).toContain('Issue #3: clicks per pick (40 automated clicks left out)');
  });

  it("says how many confirmed readers are on a pause when pauses are known, and why only today's", () => {
    const paused = renderPage({ ...report, pausedNow: 5 }, { title: 'T' });
    expect(paused).toContain('<strong>1,000</strong> confirmed readers (5 of them on a pause), 2 waiting to confirm.');
    expect(paused).toContain('Only today&#39;s pauses are known');
  });

  it('says so when nothing happened yet', () => {
    const empty = renderPage({ ...report, subscribers: [], issues: [], lastSend: undefined, outbox: { counts: { queued: 0, sending: 0, sent: 0, failed: 0, dropped: 0 }, pending: 0, oldestSeconds: null } }, { title: 'T' });
    expect(empty).toContain('No one has signed up yet.');
    expect(empty).toContain('No issue has been sent yet.');
    expect(empty).not.toContain('<svg viewBox');
  });
});
