/**
 * What every chart of the report page shares: the drawing area, the axes (ticks from d3-scale) and the
 * accessible wrapper (an <svg role="img"> named by its title, with the numbers as a table beside it). Pure.
 */
import type { ScaleLinear, ScaleTime } from 'd3-scale';
import { escapeHtml } from '../lib/html.ts';

export const WIDTH = 720;
export const HEIGHT = 280;
export const MARGIN = { top: 16, right: 16, bottom: 36, left: 56 };
/** The plotting area's edges inside the viewBox. */
export const PLOT = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };

/** A coordinate rounded to a tenth of a unit: the page stays small and looks the same. */
export const px = (n: number) => Math.round(n * 10) / 10;

/** Numbers as axis labels: 1,200 → "1.2k". */
export function shortNumber(y: ScaleLinear<number, number>): (n: number) => string {
  const format = y.tickFormat(5, '~s');
  return (n) => (n === 0 ? '0' : format(n));
}

/** Horizontal grid lines with their values on the left. */
export function leftAxis(y: ScaleLinear<number, number>, format: (n: number) => string = shortNumber(y)): string {
  return y
    .ticks(5)
    .map((t) => `<g class="tick"><line x1="${PLOT.left}" x2="${PLOT.right}" y1="${px(y(t))}" y2="${px(y(t))}"/><text x="${PLOT.left - 6}" y="${px(y(t))}" dy="0.32em" text-anchor="end">${escapeHtml(format(t))}</text></g>`)
    .join('');
}

/** Dates along the bottom. */
export function timeAxis(x: ScaleTime<number, number>): string {
  const format = x.tickFormat(6, '%b %-d');
  return x
    .ticks(6)
    .map((t) => `<text class="tick" x="${px(x(t))}" y="${PLOT.bottom + 20}" text-anchor="middle">${escapeHtml(format(t))}</text>`)
    .join('');
}

/** A band or point scale, as the bottom axis needs it. */
export interface Bands {
  (key: string): number | undefined;
  domain: () => string[];
  bandwidth: () => number;
}

/** Band labels along the bottom, every `step`th so they never overlap. */
export function bandAxis(x: Bands, label: (key: string) => string): string {
  const keys = x.domain();
  const step = Math.max(1, Math.ceil(keys.length / 16));
  return keys
    .filter((_, i) => i % step === 0)
    .map((k) => `<text class="tick" x="${px((x(k) ?? 0) + x.bandwidth() / 2)}" y="${PLOT.bottom + 20}" text-anchor="middle">${escapeHtml(label(k))}</text>`)
    .join('');
}

export interface Figure {
  id: string;
  title: string;
  /** One sentence on what the chart shows, read out by screen readers. */
  description: string;
  /** The drawing inside the plotting area. */
  body: string;
  /** The legend, as HTML. */
  legend?: string | undefined;
  /** The chart's numbers as an HTML table. */
  table: string;
}

/** An SVG chart with its title, legend and the numbers behind it (folded away). */
export function figure({ id, title, description, body, legend, table }: Figure): string {
  return `<figure class="chart" id="${id}">
<figcaption><h3 id="${id}-title">${escapeHtml(title)}</h3>${legend ?? ''}</figcaption>
<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc"><desc id="${id}-desc">${escapeHtml(description)}</desc>
<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>${body}</svg>
<details><summary>The numbers<span class="visually-hidden"> behind “${escapeHtml(title)}”</span></summary>${table}</details>
</figure>`;
}

/** A legend: one swatch per series, drawn like its line or bar. */
export function legend(entries: { key: string; label: string }[], shape: 'line' | 'bar'): string {
  const swatch = (key: string) =>
    shape === 'line'
      ? `<svg class="swatch" viewBox="0 0 24 10" aria-hidden="true"><line class="line s-${key}" x1="0" x2="24" y1="5" y2="5"/></svg>`
      : `<svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect class="bar s-${key}" width="10" height="10"/></svg>`;
  return `<ul class="legend">${entries.map((e) => `<li>${swatch(e.key)}${escapeHtml(e.label)}</li>`).join('')}</ul>`;
}

/** A table with a header row; cells are escaped. */
export function dataTable(caption: string, head: string[], rows: (string | number)[][]): string {
  const cell = (v: string | number, i: number) => (i === 0 ? `<th scope="row">${escapeHtml(String(v))}</th>` : `<td>${escapeHtml(String(v))}</td>`);
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map(cell).join('')}</tr>`)
    .join('')}</tbody></table>`;
}
