/**
 * An issue's email rendered through the same Astro components and content as the site (the
 * email twins of the editor components, src/components/email/): the document before it is
 * finished (CSS inlined, text part; email/build/finish.ts), and the facts the manifest lists.
 */
import EmailIssue from '../../components/email/EmailIssue.astro';
import { componentRenderer } from '../../components/render-to-string.ts';
import { site } from '../../config/site.ts';
import type { Issue, Publication, Tip } from '../../content/queries.ts';
import { issueHeadline, issueTeaser } from '../../issues/headline.ts';
import { issueStamp } from '../../issues/stamp.ts';
import { isoDay } from '../../lib/dates.ts';
import { paths } from '../../lib/paths.ts';
import { zonedInstant } from '../../lib/time-zone.ts';
import { absoluteUrl } from '../../lib/urls.ts';
import type { EmailEntryDraft } from '../contract/manifest.ts';
import { emailPreheader, emailSubject } from './subject.ts';

/**
 * The tips an issue's email shows: this week's and the one from the archive. An archive issue
 * may have no tip: its own title and its picks stand in the subject and preheader.
 */
export function issueEmailTips(pub: Publication, issue: Issue): { tip: Tip | undefined; archiveTip: Tip | undefined } {
  const tip = issue.data.tip ? pub.anyTip(issue.data.tip.id) : undefined;
  if (issue.data.tip && !tip) throw new Error(`Issue #${issue.data.number} refers to tip "${issue.data.tip.id}", which does not exist.`);
  return { tip, archiveTip: issue.data.fromTheArchive ? pub.anyTip(issue.data.fromTheArchive.id) : undefined };
}

/** The manifest's entry for an issue's email, before the email is finished. */
export function issueEmailEntry(pub: Publication, issue: Issue, siteUrl: string): EmailEntryDraft {
  const { tip, archiveTip } = issueEmailTips(pub, issue);
  const facts = {
    publicationTitle: site.title,
    number: issue.data.number,
    tipTitle: issueHeadline(issue.data, tip?.data),
    tipTakeaway: issueTeaser(issue.data, tip?.data),
    subject: issue.data.subject,
    preheader: issue.data.preheader,
  };
  return {
    number: issue.data.number,
    source: issue.filePath ?? `content/issues/${issue.id}`,
    date: isoDay(issue.data.date),
    status: pub.status(issue),
    subject: emailSubject(facts),
    preheader: emailPreheader(facts),
    html: `issue-${issue.data.number}.html`,
    text: `issue-${issue.data.number}.txt`,
    webUrl: absoluteUrl(paths.issue(issue.data.number), siteUrl),
    sendAt: zonedInstant(isoDay(issue.data.date), issue.data.sendAt ?? site.sendTime, site.timeZone).toISOString(),
    stamp: issueStamp(issue, tip, archiveTip),
    pickUrls: issue.data.picks.map((p) => p.url),
    ...(issue.data.archived ? { archived: true as const } : {}),
  };
}

/** The issue's email as rendered, before it is finished. */
export async function renderIssueDocument(pub: Publication, issue: Issue, siteUrl: string): Promise<string> {
  const { tip, archiveTip } = issueEmailTips(pub, issue);
  const { subject, preheader } = issueEmailEntry(pub, issue, siteUrl);
  const container = await componentRenderer();
  return container.renderToString(EmailIssue, {
    props: { issue, tip, author: tip && pub.author(tip.data.author.id), archiveTip, site, siteUrl, subject, preheader },
  });
}
