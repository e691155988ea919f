/**
 * The pages of each dynamic route and what each one shows, picked from the publication once
 * (in getStaticPaths): the page renders from these props alone, and its incremental-build
 * key digests exactly them (cache-key.ts), so a page is reused only when nothing it shows
 * changed. Pure, apart from reading the year the footer prints.
 */
import type { Author, Issue, Publication, Tip } from '../content/queries.ts';
import { neighbours, related } from '../content/select.ts';
import { pageKey, type KeyPart } from './cache-key.ts';
import { archivePages, type Page } from './pagination.ts';

/** The year BaseLayout's footer prints; it reads the clock the same way. */
export const footerYear = (): number => new Date().getUTCFullYear();

interface StaticPath<Params, Props> {
  params: Params;
  props: Props;
  cacheKey: string;
}

const path = <Params, Props>(params: Params, props: Props, shown: readonly KeyPart[], year: number): StaticPath<Params, Props> => ({
  params,
  props,
  cacheKey: pageKey(year, ...shown),
});

export type TipPageProps = {
  tip: Tip;
  author: Author;
  newer: Tip | undefined;
  older: Tip | undefined;
  related: Tip[];
  /** The published issue that featured the tip. */
  issue: Issue | undefined;
};

export function tipPages(pub: Publication, year = footerYear()) {
  return pub.tipPages.map((tip) => {
    const { newer, older } = neighbours(pub.tips, tip.id);
    const props: TipPageProps = { tip, author: pub.author(tip.data.author.id), newer, older, related: related(tip, pub.tips), issue: pub.issueOfTip(tip.id) };
    return path({ slug: tip.id }, props, [props.tip, props.author, props.newer, props.older, ...props.related, props.issue], year);
  });
}

export type IssuePageProps = {
  issue: Issue;
  /** An archive issue may have no tip: it is then its own title, picks and note. */
  tip: Tip | undefined;
  author: Author | undefined;
  archiveTip: Tip | undefined;
  newer: Issue | undefined;
  older: Issue | undefined;
};

export function issuePages(pub: Publication, year = footerYear()) {
  return pub.issuePages.map((issue) => {
    // anyTip: a previewed draft issue may point at a draft tip; cross-checks keep published issues on published tips.
    const tip = issue.data.tip ? pub.anyTip(issue.data.tip.id) : undefined;
    const { newer, older } = neighbours(pub.issues, issue.id);
    const archiveTip = issue.data.fromTheArchive ? pub.anyTip(issue.data.fromTheArchive.id) : undefined;
    const props: IssuePageProps = { issue, tip, author: tip && pub.author(tip.data.author.id), archiveTip, newer, older };
    return path({ number: String(issue.data.number) }, props, [issue, tip, props.author, archiveTip, newer, older], year);
  });
}

/** A page of tips with each one's author name, as the tips archive, a tag and an author list them. */
export type TipListProps = {
  page: Page<Tip>;
  authorNames: Record<string, string>;
};

/** What a list page shows besides its entries: its number and where its pager links go. */
const pager = (page: Page<unknown>): KeyPart[] => [page.number, page.newer?.number, page.older?.number, page.newer === undefined, page.older === undefined];

function tipList(pub: Publication, page: Page<Tip>): { props: TipListProps; shown: KeyPart[] } {
  const authors = page.items.map((tip) => pub.author(tip.data.author.id));
  const props = { page, authorNames: Object.fromEntries(page.items.map((tip, i) => [tip.id, authors[i]!.data.name])) };
  return { props, shown: [...pager(page), ...page.items, ...authors] };
}

/** The tips archive's front page, /tips/: the newest tips (a page without a key: Astro renders it every build). */
export const tipArchiveFront = (pub: Publication, pageSize: number): TipListProps => tipList(pub, archivePages(pub.tips, pageSize).front).props;

/** The tips archive's numbered pages, page 1 the oldest (the front page, /tips/, shows the newest). */
export function tipArchivePages(pub: Publication, pageSize: number, year = footerYear()) {
  return archivePages(pub.tips, pageSize).numbered.map((page) => {
    const { props, shown } = tipList(pub, page);
    return path({ page: String(page.number) }, props, shown, year);
  });
}

const tipsTagged = (pub: Publication, tag: string) => pub.tips.filter((t) => t.data.tags.includes(tag));

/** Each tag's front page (`front`, the newest tips) or its numbered pages, page 1 the oldest. */
export function tagPages(pub: Publication, pageSize: number, which: 'front' | 'numbered', year = footerYear()) {
  return pub.tags.flatMap(({ tag, slug }) => {
    const archive = archivePages(tipsTagged(pub, tag), pageSize);
    return (which === 'front' ? [archive.front] : archive.numbered).map((page) => {
      const { props, shown } = tipList(pub, page);
      const params = page.number === undefined ? { tag: slug } : { tag: slug, page: String(page.number) };
      return path(params as { tag: string; page?: string }, { ...props, tag }, [tag, ...shown], year);
    });
  });
}

export type IssueListProps = {
  page: Page<Issue>;
  /** Each issue's tip by issue id (an issue whose tip is not published is left out of the list). */
  tips: Record<string, Tip | undefined>;
};

/** A page of the issues archive with each issue's tip; `shown` is what its key digests. */
function issueList(pub: Publication, page: Page<Issue>): { props: IssueListProps; shown: KeyPart[] } {
  const tips = page.items.map((issue) => issue.data.tip && pub.tip(issue.data.tip.id));
  const props: IssueListProps = { page, tips: Object.fromEntries(page.items.map((issue, i) => [issue.id, tips[i]])) };
  return { props, shown: [...pager(page), ...page.items, ...tips] };
}

/** The issues archive's front page, /issues/: the newest issues (rendered every build, like /tips/). */
export const issueArchiveFront = (pub: Publication, pageSize: number): IssueListProps => issueList(pub, archivePages(pub.issues, pageSize).front).props;

/** The issues archive's numbered pages, page 1 the oldest (the front page, /issues/, shows the newest). */
export function issueArchivePages(pub: Publication, pageSize: number, year = footerYear()) {
  return archivePages(pub.issues, pageSize).numbered.map((page) => {
    const { props, shown } = issueList(pub, page);
    return path({ page: String(page.number) }, props, shown, year);
  });
}

export type AuthorPageProps = {
  author: Author;
  tips: Tip[];
};

export function authorPages(pub: Publication, year = footerYear()) {
  return pub.authors.map((author) => {
    const tips = pub.tips.filter((t) => t.data.author.id === author.id);
    return path({ id: author.id }, { author, tips } satisfies AuthorPageProps, [author, ...tips], year);
  });
}

export type TagFeedProps = {
  tag: string;
  /** The newest tips with the tag, as many as the feed carries. */
  tips: Tip[];
  authorNames: Record<string, string>;
};

export function tagFeeds(pub: Publication, feedItems: number, year = footerYear()) {
  return pub.tags.map(({ tag, slug }) => {
    const tips = tipsTagged(pub, tag).slice(0, feedItems);
    const authors = tips.map((tip) => pub.author(tip.data.author.id));
    const props: TagFeedProps = { tag, tips, authorNames: Object.fromEntries(tips.map((tip, i) => [tip.id, authors[i]!.data.name])) };
    return path({ tag: slug }, props, [tag, ...tips, ...authors], year);
  });
}
