/**
 * Feed items built from rendered HTML. Pure: the endpoint renders, this decides what
 * goes in each <item>, so the shape is tested without a build.
 */
import type { RSSFeedItem } from '@astrojs/rss';
import { escapeHtml } from '../lib/html.ts';
import { absoluteUrl, absolutizeHtml } from '../lib/urls.ts';

export interface SiteFacts {
  title: string;
  url: string;
  lang: string;
  editor: { name: string; email: string };
}

export interface IssueItemInput {
  number: number;
  date: Date;
  tipTitle: string;
  takeaway: string;
  tags: string[];
  /** Rendered HTML of the issue body (may contain root-relative links). */
  html: string;
  path: string;
}

/** One RSS item per issue: full HTML content, absolute URLs, the editor as author. */
export function issueItem(input: IssueItemInput, site: SiteFacts): RSSFeedItem {
  const link = absoluteUrl(input.path, site.url);
  return {
    title: `#${input.number}: ${input.tipTitle}`,
    link,
    pubDate: input.date,
    description: input.takeaway,
    content: absolutizeHtml(input.html, site.url),
    author: `${site.editor.email} (${site.editor.name})`,
    categories: input.tags,
  };
}

export interface TipItemInput {
  title: string;
  date: Date;
  summary: string;
  tags: string[];
  authorName: string;
  html: string;
  path: string;
}

/**
 * A tip as a tag feed shows it: the takeaway, then the lesson (its MDX, rendered once per build
 * by tip-html.ts). Built as a string: 940 items of a 1,000-tip site went through Astro's
 * container renderer for these two lines, a tenth of a second of the build.
 */
export function tipFeedHtml(takeaway: string, lessonHtml: string): string {
  return `<aside class="takeaway"><p><strong>Takeaway:</strong> ${escapeHtml(takeaway)}</p></aside>${lessonHtml}`;
}

/** One RSS item per tip (tag feeds): full HTML of the tip, author as dc:creator. */
export function tipItem(input: TipItemInput, site: SiteFacts): RSSFeedItem {
  return {
    title: input.title,
    link: absoluteUrl(input.path, site.url),
    pubDate: input.date,
    description: input.summary,
    content: absolutizeHtml(input.html, site.url),
    categories: input.tags,
    customData: `<dc:creator>${escapeXml(input.authorName)}</dc:creator>`,
  };
}

/** Channel elements @astrojs/rss does not write itself: language, self link, editor. */
export function channelExtras(site: SiteFacts, selfPath: string): string {
  return [
    `<language>${escapeXml(site.lang)}</language>`,
    `<atom:link href="${escapeXml(absoluteUrl(selfPath, site.url))}" rel="self" type="application/rss+xml"/>`,
    `<managingEditor>${escapeXml(`${site.editor.email} (${site.editor.name})`)}</managingEditor>`,
  ].join('');
}

export const feedNamespaces = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
};

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
