/** Renders the confirmation and welcome emails through the shared email layout, finalized like the weekly issue. */
import EmailNotice from '../components/email/EmailNotice.astro';
import { site } from '../config/site.ts';
import type { Publication } from '../content/queries.ts';
import { feedRenderer } from '../feeds/render.ts';
import { paths } from '../lib/paths.ts';
import { absoluteUrl } from '../lib/urls.ts';
import { loadFinalize } from './load-finalize.ts';
import { completeEntry, type NoticeEntry, type NoticeEntryDraft } from './manifest.ts';

export type NoticeKind = 'confirm' | 'welcome';
export const NOTICE_KINDS: readonly NoticeKind[] = ['confirm', 'welcome'];

const subjects: Record<NoticeKind, (title: string) => { subject: string; preheader: string }> = {
  confirm: (title) => ({ subject: `Confirm your subscription to ${title}`, preheader: 'One click and the tip arrives every week.' }),
  welcome: (title) => ({ subject: `Welcome to ${title}`, preheader: 'You are subscribed. Here is what to expect.' }),
};

/** Rendered and finished. */
export async function renderNoticeEmail(pub: Publication, kind: NoticeKind, siteUrl: string): Promise<{ entry: NoticeEntry; html: string; text: string }> {
  const { raw, entry } = await renderNoticeRaw(pub, kind, siteUrl);
  const { html, text } = (await loadFinalize()).finishEmail(raw, siteUrl);
  return { html, text, entry: completeEntry(entry, html) };
}

/** Rendered, before finishing (CSS inlining, text part), with its manifest entry so far. */
export async function renderNoticeRaw(pub: Publication, kind: NoticeKind, siteUrl: string): Promise<{ raw: string; entry: NoticeEntryDraft }> {
  const { subject, preheader } = subjects[kind](site.title);
  const latestIssue = pub.issues[0];
  const latestTip = latestIssue?.data.tip ? pub.tip(latestIssue.data.tip.id) : undefined;
  const headline = latestIssue && (latestTip?.data.title ?? latestIssue.data.title);
  const latest = latestIssue && headline ? { title: `#${latestIssue.data.number}: ${headline}`, url: absoluteUrl(paths.issue(latestIssue.data.number), siteUrl) } : undefined;
  const container = await feedRenderer();
  const raw = await container.renderToString(EmailNotice, { props: { kind, site, siteUrl, subject, preheader, latest } });
  return { raw, entry: { subject, preheader, html: `notice-${kind}.html`, text: `notice-${kind}.txt` } };
}
