/** Grouped bars: one group per issue, one bar per series (d3-scale bands). Pure. */
import { scaleBand, scaleLinear } from 'd3-scale';
import { escapeHtml } from '../lib/html.ts';
import { bandAxis, dataTable, figure, leftAxis, legend, PLOT, px } from './chart-frame.ts';
import type { Series } from './line-chart.ts';

export interface BarChart {
  id: string;
  title: string;
  description: string;
  /** One label per group, e.g. "#7". */
  groups: string[];
  series: Series[];
}

export function barChart({ id, title, description, groups, series }: BarChart): string {
  const x = scaleBand().domain(groups).range([PLOT.left, PLOT.right]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand().domain(series.map((s) => s.key)).range([0, x.bandwidth()]).padding(series.length > 1 ? 0.05 : 0);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...series.flatMap((s) => s.values))])
    .nice()
    .range([PLOT.bottom, PLOT.top]);
  const bars = series.map((s) => {
    const rects = s.values.map((v, i) => {
      const left = (x(groups[i]!) ?? 0) + (inner(s.key) ?? 0);
      return `<rect class="bar s-${s.key}" x="${px(left)}" y="${px(y(v))}" width="${px(inner.bandwidth())}" height="${px(PLOT.bottom - y(v))}"><title>${escapeHtml(`${groups[i]}: ${v.toLocaleString('en-US')} ${s.label.toLowerCase()}`)}</title></rect>`;
    });
    return `<g data-series="${s.key}" data-points="${s.values.length}">${rects.join('')}</g>`;
  });
  return figure({
    id,
    title,
    description,
    body: `${leftAxis(y)}${bandAxis(x, (k) => k)}${bars.join('')}`,
    legend: series.length > 1 ? legend(series, 'bar') : undefined,
    table: dataTable(title, ['Issue', ...series.map((s) => s.label)], groups.map((g, i) => [g, ...series.map((s) => s.values[i]!.toLocaleString('en-US'))])),
  });
}
