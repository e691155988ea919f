import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import IssueBody from '../components/IssueBody.astro';
import { site } from '../config/site.ts';
import { loadPublication } from '../content/queries.ts';
import { componentRenderer } from '../components/render-to-string.ts';
import { issueHeadline, issueTeaser } from '../issues/headline.ts';
import { channelExtras, feedNamespaces, issueItem } from '../feeds/items.ts';
import { paths } from '../lib/paths.ts';

/** The main feed: the newest published issues (`site.feedItems`), each whole, as HTML. */
export const GET: APIRoute = async (context) => {
  const pub = await loadPublication();
  const container = await componentRenderer();
  const facts = { ...site, url: String(context.site ?? site.url) };
  const items = await Promise.all(
    pub.issues.slice(0, site.feedItems).map(async (issue) => {
      // An archive issue may have no tip: its own title, and its picks, stand for it.
      const tip = issue.data.tip ? pub.tip(issue.data.tip.id) : undefined;
      const archiveTip = issue.data.fromTheArchive ? pub.tip(issue.data.fromTheArchive.id) : undefined;
      const html = await container.renderToString(IssueBody, {
        props: { issue, tip, author: tip && pub.author(tip.data.author.id), archiveTip },
      });
      return issueItem(
        { number: issue.data.number, date: issue.data.date, tipTitle: issueHeadline(issue.data, tip?.data), takeaway: issueTeaser(issue.data, tip?.data), tags: tip?.data.tags ?? [], html, path: paths.issue(issue.data.number) },
        facts,
      );
    }),
  );
  return rss({
    title: site.title,
    description: site.description,
    site: facts.url,
    xmlns: feedNamespaces,
    customData: channelExtras(facts, paths.feed()),
    items,
  });
};
