import rss from '@astrojs/rss';
import type { APIRoute, GetStaticPaths } from 'astro';
import { site } from '../../../config/site.ts';
import { loadPublication } from '../../../content/queries.ts';
import { channelExtras, feedNamespaces, tipFeedHtml, tipItem } from '../../../feeds/items.ts';
import { tipContentHtml } from '../../../feeds/tip-html.ts';
import { paths } from '../../../lib/paths.ts';
import { tagFeeds, type TagFeedProps } from '../../../views/paths.ts';

export const getStaticPaths = (async () => tagFeeds(await loadPublication(), site.feedItems)) satisfies GetStaticPaths;

/** A feed per tag: the newest published tips with that tag (`site.feedItems`), in full. */
export const GET: APIRoute = async (context) => {
  const { tag, tips, authorNames } = context.props as TagFeedProps;
  const facts = { ...site, url: String(context.site ?? site.url) };
  const items = await Promise.all(
    tips.map(async (tip) =>
      tipItem(
        {
          title: tip.data.title,
          date: tip.data.date,
          summary: tip.data.summary,
          tags: tip.data.tags,
          authorName: authorNames[tip.id]!,
          html: tipFeedHtml(tip.data.takeaway, await tipContentHtml(tip)),
          path: paths.tip(tip.id),
        },
        facts,
      ),
    ),
  );
  return rss({
    title: `${site.title}: ${tag}`,
    description: `Tips tagged “${tag}” from ${site.title}.`,
    site: new URL(paths.tag(tag), facts.url).href,
    xmlns: feedNamespaces,
    customData: channelExtras(facts, paths.tagFeed(tag)),
    items,
  });
};
