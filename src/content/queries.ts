/**
 * The only place pages get content from: every getCollection call is here.
 * It applies the publishing rules (drafts and future dates stay out) and hands pages
 * ready-to-use lists. Content is checked before any page asks (the content-guard integration
 * stops a build on an error, and `npm run dev` shows the errors instead of pages).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { slug } from 'github-slugger';
import { isPublished, newestFirst, published, tagCounts } from './select.ts';

export type Tip = CollectionEntry<'tips'>;
export type Issue = CollectionEntry<'issues'>;
export type Author = CollectionEntry<'authors'>;

export interface Publication {
  /** Published tips, newest first. */
  tips: Tip[];
  /** Published issues, newest first. */
  issues: Issue[];
  authors: Author[];
  tip: (id: string) => Tip | undefined;
  author: (id: string) => Author;
  /** The published issue that featured a tip, if any. */
  issueOfTip: (tipId: string) => Issue | undefined;
  tags: { tag: string; slug: string; count: number }[];
  /** Every issue, drafts and scheduled ones included, newest first: for email previews and the sender. */
  everyIssue: Issue[];
  /** Any tip by id, published or not: an issue's email can be previewed before its day. */
  anyTip: (id: string) => Tip | undefined;
  /** Whether an entry is live, dated in the future, or a draft, at the publication's clock. */
  status: (entry: Issue | Tip) => 'published' | 'scheduled' | 'draft';
  /** True in `npm run dev`: drafts and scheduled entries get pages (with a banner) and /drafts/ lists them. */
  preview: boolean;
  /** Tips that get a page: the published ones, plus drafts and scheduled ones in preview. Newest first. */
  tipPages: Tip[];
  /** Issues that get a page: the published ones, plus drafts and scheduled ones in preview. Newest first. */
  issuePages: Issue[];
}

/** URL segment for a tag: "first impressions" → "first-impressions". */
export const tagSlug = (tag: string) => slug(tag);

/** One clock reading per build, so every page agrees on what is published. */
const buildTime = new Date();
const cache = new Map<string, Promise<Publication>>();

/** Set by the draft-preview integration: true only under `astro dev`, whatever NODE_ENV says. */
const devPreview: boolean = import.meta.env['DRAFT_PREVIEW'] === true;

/**
 * Loads the publication as readers see it at `now` (the build's start by default). `preview`
 * (on in `npm run dev`, never in a build) also gives drafts and scheduled entries their pages,
 * so an editor can read the tip being written; every list, feed and index stays as published.
 */
export function loadPublication(now: Date = buildTime, preview: boolean = devPreview): Promise<Publication> {
  const key = `${now.getTime()}:${preview}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = load(now, preview);
    cache.set(key, pending);
  }
  return pending;
}

async function load(now: Date, preview: boolean): Promise<Publication> {
  const [allTips, allIssues, authors] = await Promise.all([
    getCollection('tips'),
    getCollection('issues'),
    getCollection('authors'),
  ]);
  const tips = published(allTips, now);
  const issues = published(allIssues, now);
  const tipsById = new Map(tips.map((t) => [t.id, t]));
  const allTipsById = new Map(allTips.map((t) => [t.id, t]));
  const authorsById = new Map(authors.map((a) => [a.id, a]));
  const issueByTip = new Map<string, Issue>();
  for (const issue of [...issues].reverse()) {
    const tipId = issue.data.tip?.id;
    if (tipId !== undefined && !issueByTip.has(tipId)) issueByTip.set(tipId, issue);
  }

  return {
    tips,
    issues,
    authors: [...authors].sort((a, b) => a.data.name.localeCompare(b.data.name)),
    tip: (id) => tipsById.get(id),
    author: (id) => {
      const author = authorsById.get(id);
      if (!author) throw new Error(`Unknown author "${id}"`); // the content check makes this unreachable
      return author;
    },
    issueOfTip: (tipId) => issueByTip.get(tipId),
    tags: tagCounts(tips).map(({ tag, count }) => ({ tag, slug: tagSlug(tag), count })),
    everyIssue: [...allIssues].sort(newestFirst),
    anyTip: (id) => allTipsById.get(id),
    status: (entry) => (entry.data.draft ? 'draft' : isPublished(entry, now) ? 'published' : 'scheduled'),
    preview,
    tipPages: preview ? [...allTips].sort(newestFirst) : tips,
    issuePages: preview ? [...allIssues].sort(newestFirst) : issues,
  };
}
