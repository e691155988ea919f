/**
 * A tip as feed items carry it (TipBody: takeaway, then the lesson), rendered once per build
 * and shared by every tag feed that carries the tip: with two tags a tip sits in two feeds,
 * and each render of its MDX costs as much as the first.
 */
import TipBody from '../components/TipBody.astro';
import type { Tip } from '../content/queries.ts';
import { feedRenderer } from './render.ts';

const rendered = new Map<string, Promise<string>>();

export function tipFeedHtml(tip: Tip): Promise<string> {
  let html = rendered.get(tip.id);
  if (!html) {
    html = feedRenderer().then((container) => container.renderToString(TipBody, { props: { tip } }));
    rendered.set(tip.id, html);
  }
  return html;
}
