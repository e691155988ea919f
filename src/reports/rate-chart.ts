/**
 * The complaint rate per issue against Gmail's 0.1% target and 0.3% limit, both drawn as lines; an issue over
 * the limit is drawn larger, in the warning colour, and labelled. Pure.
 */
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { escapeHtml } from '../lib/html.ts';
import { bandAxis, dataTable, figure, leftAxis, PLOT, px } from './chart-frame.ts';
import { COMPLAINT_RATE_LIMIT, COMPLAINT_RATE_TARGET } from './model.ts';

const percent = (rate: number, digits = 2) => `${(rate * 100).toFixed(digits)}%`;

export type RateLevel = 'under' | 'over-target' | 'over-limit';
export const rateLevel = (rate: number): RateLevel => (rate >= COMPLAINT_RATE_LIMIT ? 'over-limit' : rate > COMPLAINT_RATE_TARGET ? 'over-target' : 'under');

export function rateChart(id: string, issues: { label: string; rate: number }[]): string {
  const labels = issues.map((i) => i.label);
  const x = scalePoint().domain(labels).range([PLOT.left, PLOT.right]).padding(0.5);
  const y = scaleLinear()
    .domain([0, Math.max(COMPLAINT_RATE_LIMIT * 1.4, ...issues.map((i) => i.rate * 1.1))])
    .nice()
    .range([PLOT.bottom, PLOT.top]);
  const path = line<{ label: string; rate: number }>()
    .digits(1)
    .x((i) => x(i.label) ?? 0)
    .y((i) => y(i.rate));
  const threshold = (rate: number, kind: string, text: string) =>
    `<g class="threshold ${kind}"><line x1="${PLOT.left}" x2="${PLOT.right}" y1="${px(y(rate))}" y2="${px(y(rate))}"/><text x="${PLOT.right - 4}" y="${px(y(rate) - 5)}" text-anchor="end">${escapeHtml(text)}</text></g>`;
  const dots = issues.map((i) => {
    const level = rateLevel(i.rate);
    const cx = px(x(i.label) ?? 0);
    const mark = level === 'over-limit' ? `<text class="over-label" x="${cx}" y="${px(y(i.rate) - 10)}" text-anchor="middle">${escapeHtml(i.label)}</text>` : '';
    return `<circle class="dot ${level}" cx="${cx}" cy="${px(y(i.rate))}" r="${level === 'under' ? 3.5 : 6}"><title>${escapeHtml(`${i.label}: ${percent(i.rate, 3)}`)}</title></circle>${mark}`;
  });
  const over = issues.filter((i) => rateLevel(i.rate) === 'over-limit').map((i) => i.label);
  const description = `Complaint rate of ${issues.length} issue(s); ${over.length === 0 ? 'none reached' : `${over.join(', ')} reached`} Gmail's 0.3% limit.`;
  return figure({
    id,
    title: 'Complaint rate per issue',
    description,
    body: `${leftAxis(y, (v) => percent(v, 1))}${bandAxis(x, (k) => k)}${threshold(COMPLAINT_RATE_TARGET, 'target', "Gmail's target 0.1%")}${threshold(COMPLAINT_RATE_LIMIT, 'limit', "Gmail's limit 0.3%")}<path class="line s-rate" data-series="rate" data-points="${issues.length}" d="${path(issues) ?? ''}"/>${dots.join('')}`,
    table: dataTable('Complaint rate per issue', ['Issue', 'Complaint rate', 'Against Gmail'], issues.map((i) => [i.label, percent(i.rate, 3), { under: 'under the 0.1% target', 'over-target': 'over the 0.1% target', 'over-limit': 'OVER the 0.3% limit' }[rateLevel(i.rate)]])),
  });
}
