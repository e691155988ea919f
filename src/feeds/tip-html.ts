/**
 * A tip's lesson (its MDX with the site's components) rendered once per build and shared
 * by every output that shows it on the web or in a feed reader: the tip's page, the feed of
 * every tag it carries, and the issue page and main-feed item of the issue that features it.
 * Each rendering of an MDX body costs as much as the first, and a tip appeared in up to six
 * outputs. The emails render the same MDX with their own component twins, so they do not
 * share this HTML. The dev server (the draft-preview flag, set only by `astro dev`) renders afresh
 * on every request, so an edited tip shows at once.
 */
import { render } from 'astro:content';
import { mdxComponents } from '../components/mdx/index.ts';
import type { Tip } from '../content/queries.ts';
import { componentRenderer } from '../components/render-to-string.ts';

const rendered = new Map<string, Promise<string>>();

const renderTip = (tip: Tip) =>
  Promise.all([componentRenderer(), render(tip)]).then(([container, { Content }]) => container.renderToString(Content, { props: { components: mdxComponents } }));

export function tipContentHtml(tip: Tip): Promise<string> {
  if (import.meta.env['DRAFT_PREVIEW'] === true) return renderTip(tip);
  let html = rendered.get(tip.id);
  if (!html) {
    html = renderTip(tip);
    rendered.set(tip.id, html);
  }
  return html;
}
