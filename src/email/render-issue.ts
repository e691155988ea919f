/**
 * Renders an issue's email through the same Astro components and content as the site,
 * then finalizes it (inlined CSS, absolute URLs) and derives the text part. Used by the
 * /email/ routes, so the dev preview, the build and the sender see identical output.
 */
import EmailIssue from '../components/email/EmailIssue.astro';
import { site } from '../config/site.ts';
import type { Issue, Publication } from '../content/queries.ts';
import { feedRenderer } from '../feeds/render.ts';
import { issueHeadline, issueTeaser } from '../issues/headline.ts';
import { isoDay } from '../lib/dates.ts';
import { paths } from '../lib/paths.ts';
import { absoluteUrl } from '../lib/urls.ts';
import { loadFinalize } from './load-finalize.ts';
import { completeEntry, type EmailEntry, type EmailEntryDraft } from './manifest.ts';
import { emailPreheader, emailSubject } from './subject.ts';

export interface RenderedEmail {
  entry: EmailEntry;
  html: string;
  text: string;
}

/** An issue's email as rendered, before finishing (CSS inlining, text part), with its manifest entry so far. */
export interface RawIssueEmail {
  raw: string;
  entry: EmailEntryDraft;
}

const cache = new Map<string, Promise<RenderedEmail>>();

/** Rendered and finished, once per issue and site URL per process (the html and txt routes share it). */
export function renderIssueEmail(pub: Publication, issue: Issue, siteUrl: string): Promise<RenderedEmail> {
  const key = `${issue.id}@${siteUrl}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = renderIssueRaw(pub, issue, siteUrl).then(async ({ raw, entry }) => {
      const { html, text } = (await loadFinalize()).finishEmail(raw, siteUrl);
      return { html, text, entry: completeEntry(entry, html) };
    });
    cache.set(key, pending);
  }
  return pending;
}

export async function renderIssueRaw(pub: Publication, issue: Issue, siteUrl: string): Promise<RawIssueEmail> {
  // An archive issue may have no tip: its own title and its picks stand in the subject and preheader.
  const tip = issue.data.tip ? pub.anyTip(issue.data.tip.id) : undefined;
  if (issue.data.tip && !tip) throw new Error(`Issue #${issue.data.number} refers to tip "${issue.data.tip.id}", which does not exist.`);
  const archiveTip = issue.data.fromTheArchive ? pub.anyTip(issue.data.fromTheArchive.id) : undefined;
  const facts = {
    publicationTitle: site.title,
    number: issue.data.number,
    tipTitle: issueHeadline(issue.data, tip?.data),
    tipTakeaway: issueTeaser(issue.data, tip?.data),
    subject: issue.data.subject,
    preheader: issue.data.preheader,
  };
  const subject = emailSubject(facts);
  const preheader = emailPreheader(facts);
  const container = await feedRenderer();
  const raw = await container.renderToString(EmailIssue, {
    props: { issue, tip, author: tip && pub.author(tip.data.author.id), archiveTip, site, siteUrl, subject, preheader },
  });
  return {
    raw,
    entry: {
      number: issue.data.number,
      source: issue.filePath ?? `content/issues/${issue.id}`,
      date: isoDay(issue.data.date),
      status: pub.status(issue),
      subject,
      preheader,
      html: `issue-${issue.data.number}.html`,
      text: `issue-${issue.data.number}.txt`,
      webUrl: absoluteUrl(paths.issue(issue.data.number), siteUrl),
      pickUrls: issue.data.picks.map((p) => p.url),
      ...(issue.data.archived ? { archived: true } : {}),
    },
  };
}
