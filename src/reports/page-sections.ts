/** The report page's sections, each from the publication report. Pure. */
import { escapeHtml } from '../lib/html.ts';
import { OUTBOX_STATUSES } from '../outbox/outbox.ts';
import { barChart } from './bar-chart.ts';
import { dataTable } from './chart-frame.ts';
import { number, sendStateLines } from './issue-text.ts';
import { lineChart, type Series } from './line-chart.ts';
import { complaintRate, pendingAdvice, retryUncertainCommand, sendComplete } from './model.ts';
import type { PublicationReport } from './publication.ts';
import { rateChart, rateLevel } from './rate-chart.ts';

const label = (issue: number) => `#${issue}`;

export function subscribersSection(report: PublicationReport): string {
  const weeks = report.subscribers;
  if (weeks.length === 0) return `<section aria-labelledby="subscribers"><h2 id="subscribers">Subscribers</h2><p>No one has signed up yet.</p></section>`;
  const pick = (key: 'pending' | 'confirmed' | 'unsubscribed' | 'bounced', text: string): Series => ({ key, label: text, values: weeks.map((w) => w[key]) });
  const series = [pick('confirmed', 'Confirmed'), pick('pending', 'Pending'), pick('unsubscribed', 'Unsubscribed'), pick('bounced', 'Bounced')];
  const now = weeks.at(-1)!;
  const chart = lineChart({
    id: 'subscribers-chart',
    title: 'Subscribers at the end of each week',
    description: `${weeks.length} weeks from ${weeks[0]!.week.toISOString().slice(0, 10)}; this week ${series.map((s) => `${s.values.at(-1)!.toLocaleString('en-US')} ${s.label.toLowerCase()}`).join(', ')}.`,
    dates: weeks.map((w) => w.week),
    series,
  });
  const paused = report.pausedNow;
  const pausedNote =
    paused === undefined
      ? '<p class="note">Pauses are not known to this report: paused readers are counted as confirmed.</p>'
      : '<p class="note">Paused readers are counted as confirmed. Only today&#39;s pauses are known (the database keeps when a pause ends, not when it began), so the weeks before cannot show them.</p>';
  const pausedText = paused === undefined ? '' : ` (${number(paused)} of them on a pause)`;
  return `<section aria-labelledby="subscribers"><h2 id="subscribers">Subscribers</h2><p>This week: <strong>${number(now.confirmed)}</strong> confirmed readers${pausedText}, ${number(now.pending)} waiting to confirm.</p>${chart}${pausedNote}</section>`;
}

export function issuesSection(report: PublicationReport): string {
  const issues = report.issues;
  if (issues.length === 0) return `<section aria-labelledby="issues"><h2 id="issues">Issues</h2><p>No issue has been sent yet.</p></section>`;
  const groups = issues.map((i) => label(i.issue));
  const series = (key: string, text: string, values: number[]): Series => ({ key, label: text, values });
  const delivered = barChart({ id: 'delivered-chart', title: 'Delivered per issue', description: `Messages the mail server accepted for each of ${issues.length} issue(s).`, groups, series: [series('delivered', 'Delivered', issues.map((i) => i.sent))] });
  const feedback = barChart({
    id: 'feedback-chart',
    title: 'Bounces, complaints and unsubscribes per issue',
    description: `Hard and soft bounces, spam complaints and unsubscribes for each of ${issues.length} issue(s).`,
    groups,
    series: [
      series('hard', 'Hard bounces', issues.map((i) => i.hardBouncedDuringSend + i.hardBouncedLater)),
      series('soft', 'Soft bounces', issues.map((i) => i.softBounces)),
      series('complaints', 'Complaints', issues.map((i) => i.complaints)),
      series('unsubscribes', 'Unsubscribes', issues.map((i) => i.unsubscribes)),
    ],
  });
  const rates = issues.map((i) => ({ label: label(i.issue), rate: complaintRate(i) }));
  const over = rates.filter((r) => rateLevel(r.rate) === 'over-limit');
  const warning = over.length
    ? `<p class="callout"><strong>Over Gmail's 0.3% complaint limit:</strong> ${over.map((r) => escapeHtml(r.label)).join(', ')}. Providers filter a list that stays over it: look at what those issues did differently, and make unsubscribing easy to find.</p>`
    : '';
  return `<section aria-labelledby="issues"><h2 id="issues">Issues</h2>${delivered}${feedback}${warning}${rateChart('rate-chart', rates)}</section>`;
}

/** Click counts under this are shown as "< 3": a count of one or two could point at a person. */
export const SMALLEST_SHOWN = 3;
export const clickCount = (n: number) => (n < SMALLEST_SHOWN ? '< 3' : number(n));

export function clicksSection(report: PublicationReport): string {
  const head = '<h2 id="clicks">Pick clicks</h2>';
  if (!report.clicks) return `<section aria-labelledby="clicks">${head}<p>Click counting is off, so there are no click numbers. Set <code>CLICK_COUNTS=1</code> to count clicks on each issue's picks (no reader is identified).</p></section>`;
  const blocks = report.issues.flatMap((issue, i) => {
    const clicks = report.clicks![i];
    if (!clicks || clicks.picks.length === 0) return [];
    const most = Math.max(SMALLEST_SHOWN, ...clicks.picks.map((p) => p.count));
    const rows = clicks.picks.map((p) => {
      const width = p.count < SMALLEST_SHOWN ? 0 : Math.round((p.count / most) * 200);
      return `<tr><th scope="row">${escapeHtml(p.title ? `Pick ${p.pick}: ${p.title}` : `Pick ${p.pick}`)}</th><td>${escapeHtml(clickCount(p.count))}</td><td><svg class="clickbars" width="200" height="12" aria-hidden="true"><rect class="clickbar" width="${width}" height="12"/></svg></td></tr>`;
    });
    return [`<table class="clicks"><caption>Issue ${label(issue.issue)}: clicks per pick (${escapeHtml(clickCount(clicks.automated))} automated clicks left out)</caption><thead><tr><th scope="col">Pick</th><th scope="col">Clicks</th><th scope="col"><span class="visually-hidden">Bar</span></th></tr></thead><tbody>${rows.join('')}</tbody></table>`];
  });
  return `<section aria-labelledby="clicks">${head}${blocks.length ? blocks.join('') : '<p>No clicks counted yet.</p>'}</section>`;
}

export function mailSection(report: PublicationReport): string {
  const { counts, pending, oldestSeconds } = report.outbox;
  const outbox = dataTable('Mail outbox (confirmations and welcomes)', ['Status', 'Messages'], OUTBOX_STATUSES.map((s) => [s, number(counts[s])]));
  const outboxNotes = [
    pending > 0 ? `<p class="callout">${number(pending)} outbox message(s) waiting, the oldest for ${Math.round((oldestSeconds ?? 0) / 60)} min: a running <code>npm run serve</code> delivers them; <code>npm run outbox -- status</code> shows progress.</p>` : '',
    counts.failed > 0 ? `<p class="callout">${number(counts.failed)} failed: see why with <code>npm run outbox -- list --status failed</code>, queue them again with <code>npm run outbox -- retry</code>.</p>` : '',
  ].join('');
  return `<section aria-labelledby="mail"><h2 id="mail">Outbox and last send</h2>${outbox}${outboxNotes}${lastSend(report)}</section>`;
}

function lastSend(report: PublicationReport): string {
  const s = report.lastSend;
  if (!s) return '<p>No issue has been sent yet.</p>';
  const [first] = sendStateLines(s);
  if (sendComplete(s)) return `<h3>Issue ${label(s.issue)}</h3><p class="callout ok">${escapeHtml(first!)}</p>`;
  const commands = [
    s.pending > 0 ? `<li>${number(s.pending)} pending: ${escapeHtml(pendingAdvice(s)).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>` : '',
    s.uncertain > 0 ? `<li>${number(s.uncertain)} uncertain (a sender stopped while the server had them; each may or may not have arrived). To send them again, accepting that a reader may get a second copy: <code>${escapeHtml(retryUncertainCommand(s.issue))}</code></li>` : '',
  ].join('');
  const addresses = s.uncertainAddresses.length ? `<details open><summary>Uncertain addresses (${number(s.uncertainAddresses.length)})</summary><ul class="uncertain">${s.uncertainAddresses.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul></details>` : '';
  return `<h3>Issue ${label(s.issue)}</h3><div class="callout"><p><strong>${escapeHtml(first!)}</strong></p><ul>${commands}</ul>${addresses}</div>`;
}
