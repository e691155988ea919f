/** A line per series over time (d3-scale for the axes, d3-shape for the paths). Pure. */
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { escapeHtml } from '../lib/html.ts';
import { dataTable, figure, leftAxis, legend, PLOT, px, timeAxis } from './chart-frame.ts';

export interface Series {
  /** A CSS-safe name: the line's class is `s-<key>`. */
  key: string;
  label: string;
  /** One value per date. */
  values: number[];
}

export interface LineChart {
  id: string;
  title: string;
  description: string;
  dates: Date[];
  series: Series[];
}

export function lineChart({ id, title, description, dates, series }: LineChart): string {
  const first = dates[0]!;
  const last = dates.at(-1)!;
  const x = scaleUtc().domain([first, last.getTime() === first.getTime() ? new Date(first.getTime() + 86_400_000) : last]).range([PLOT.left, PLOT.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...series.flatMap((s) => s.values))])
    .nice()
    .range([PLOT.bottom, PLOT.top]);
  const path = line<number>()
    .digits(1)
    .x((_, i) => x(dates[i]!))
    .y((v) => y(v));
  const lines = series.map((s) => {
    const dots = dates.length === 1 ? `<circle class="dot s-${s.key}" cx="${px(x(first))}" cy="${px(y(s.values[0]!))}" r="4"/>` : '';
    return `<path class="line s-${s.key}" data-series="${s.key}" data-points="${s.values.length}" d="${path(s.values) ?? ''}"><title>${escapeHtml(s.label)}</title></path>${dots}`;
  });
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return figure({
    id,
    title,
    description,
    body: `${leftAxis(y)}${timeAxis(x)}${lines.join('')}`,
    legend: legend(series, 'line'),
    table: dataTable(title, ['Week of', ...series.map((s) => s.label)], dates.map((d, i) => [day(d), ...series.map((s) => s.values[i]!.toLocaleString('en-US'))])),
  });
}
