/**
 * The confirmation, welcome and new-address confirmation emails, rendered through the weekly email's layout: the
 * document before it is finished, and the facts the manifest lists.
 */
import EmailNotice from '../../components/email/EmailNotice.astro';
import { componentRenderer } from '../../components/render-to-string.ts';
import { site } from '../../config/site.ts';
import type { Issue, Publication } from '../../content/queries.ts';
import { issueHeadline } from '../../issues/headline.ts';
import { paths } from '../../lib/paths.ts';
import { absoluteUrl } from '../../lib/urls.ts';
import type { NoticeEntryDraft } from '../contract/manifest.ts';

export type NoticeKind = 'confirm' | 'welcome' | 'change';
export const NOTICE_KINDS: readonly NoticeKind[] = ['confirm', 'welcome', 'change'];

const subjects: Record<NoticeKind, (title: string) => { subject: string; preheader: string }> = {
  confirm: (title) => ({ subject: `Confirm your subscription to ${title}`, preheader: 'One click and the tip arrives every week.' }),
  welcome: (title) => ({ subject: `Welcome to ${title}`, preheader: 'You are subscribed. Here is what to expect.' }),
  change: (title) => ({ subject: `Confirm your new address for ${title}`, preheader: 'One click and the weekly tip moves to this address.' }),
};

/** The manifest's entry for a notice email, before the email is finished. */
export function noticeEmailEntry(kind: NoticeKind): NoticeEntryDraft {
  return { ...subjects[kind](site.title), html: `notice-${kind}.html`, text: `notice-${kind}.txt` };
}

/** The newest published issue and its headline (its tip's title, or an archive issue's own title), which the notices point to. */
export function latestIssue(pub: Publication): { issue: Issue; headline: string } | undefined {
  const issue = pub.issues[0];
  if (!issue) return undefined;
  if (!issue.data.tip) return { issue, headline: issueHeadline(issue.data, undefined) };
  const tip = pub.tip(issue.data.tip.id);
  return tip && { issue, headline: tip.data.title };
}

function latestIssueLink(pub: Publication, siteUrl: string): { title: string; url: string } | undefined {
  const latest = latestIssue(pub);
  if (!latest) return undefined;
  return { title: `#${latest.issue.data.number}: ${latest.headline}`, url: absoluteUrl(paths.issue(latest.issue.data.number), siteUrl) };
}

/** The notice as rendered, before it is finished. */
export async function renderNoticeDocument(pub: Publication, kind: NoticeKind, siteUrl: string): Promise<string> {
  const { subject, preheader } = noticeEmailEntry(kind);
  const container = await componentRenderer();
  return container.renderToString(EmailNotice, { props: { kind, site, siteUrl, subject, preheader, latest: latestIssueLink(pub, siteUrl) } });
}
