/**
 * The /email/ routes (src/pages/email/).
 *
 * In `npm run dev` they are the preview: /email/issue-<n>.html and .txt (and the notices) are
 * each email finished exactly as it will be sent, placeholders aside.
 *
 * In a build, each .html route writes the email's rendered document (and hands it to the email
 * step at once, email/build/announce.ts) and entries.json every email's facts (subject,
 * preheader, status, pick URLs); email/build/ then finishes and checks them and publishes them
 * as build/email/ with the manifest. The .txt routes have no pages in
 * a build (the text part is derived from the finished HTML), and none of it is deployed.
 */
import type { APIContext } from 'astro';
import { site } from '../../config/site.ts';
import { loadPublication, type Issue } from '../../content/queries.ts';
import { announceRenderedEmail } from '../build/announce.ts';
import type { FinishedEmail } from '../build/finish.ts';
import { absoluteUrl } from '../../lib/urls.ts';
import { pageKey } from '../../views/cache-key.ts';
import { footerYear } from '../../views/paths.ts';
import { issueEmailEntry, issueEmailTips, renderIssueDocument } from './issue.ts';
import { latestIssue, NOTICE_KINDS, noticeEmailEntry, renderNoticeDocument, type NoticeKind } from './notice.ts';

const siteUrlOf = (context: APIContext) => String(context.site ?? site.url);
// Only under `astro dev` (the draft-preview integration's flag), never in a build, whatever NODE_ENV
// says: a build must hand the email step the rendered documents, content marks and all.
const preview: boolean = import.meta.env['DRAFT_PREVIEW'] === true;

/**
 * Rendered and finished afresh for each preview request, so an edit shows at once. Pictures load
 * from the dev server (`origin`): their files, and so their addresses on the site, exist only
 * after a build, which links them at the site's address as everything else.
 */
async function finish(render: () => Promise<string>, siteUrl: string, origin: string): Promise<FinishedEmail> {
  // Loaded only in the preview: a build's pages never pay for juice and html-to-text.
  const [document, { finishEmail }] = await Promise.all([render(), import('../build/finish.ts')]);
  const email = finishEmail(document, siteUrl);
  return { ...email, html: email.html.replaceAll(`"${absoluteUrl('/_image', siteUrl)}`, `"${absoluteUrl('/_image', origin)}`) };
}

/** In a build: the document, handed to the email step as well so it can start on it at once. */
function announced(document: string, siteUrl: string, pickUrls: string[]): string {
  announceRenderedEmail({ document, siteUrl, pickUrls });
  return document;
}

const respond = (body: string, part: 'html' | 'text') =>
  new Response(body, { headers: { 'Content-Type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' } });

/** Every issue's email; its incremental-build key digests what the email shows (the issue, its tips and the tip's author). */
export async function issueEmailPaths() {
  const pub = await loadPublication();
  return pub.everyIssue.map((issue) => {
    const { tip, archiveTip } = issueEmailTips(pub, issue);
    return { params: { number: String(issue.data.number) }, props: { issue }, cacheKey: pageKey(footerYear(), issue, tip, tip && pub.author(tip.data.author.id), archiveTip) };
  });
}

/** The text part is a page of its own only in the preview. */
export const issueTextPaths = () => (preview ? issueEmailPaths() : []);

export async function issueEmailResponse(context: APIContext, part: 'html' | 'text'): Promise<Response> {
  const { issue } = context.props as { issue: Issue };
  const pub = await loadPublication();
  const siteUrl = siteUrlOf(context);
  const render = () => renderIssueDocument(pub, issue, siteUrl);
  if (!preview) return respond(announced(await render(), siteUrl, issue.data.picks.map((pick) => pick.url)), 'html');
  const email = await finish(render, siteUrl, context.url.origin);
  return respond(part === 'html' ? email.html : email.text, part);
}

/** The notice emails; they link to the newest issue, which their key digests. */
export async function noticeEmailPaths() {
  const latest = latestIssue(await loadPublication());
  return NOTICE_KINDS.map((kind) => ({ params: { kind }, cacheKey: pageKey(footerYear(), kind, latest?.issue, latest?.headline) }));
}
export const noticeTextPaths = () => (preview ? noticeEmailPaths() : []);

export async function noticeEmailResponse(context: APIContext, part: 'html' | 'text'): Promise<Response> {
  const kind = context.params['kind'] as NoticeKind;
  const pub = await loadPublication();
  const siteUrl = siteUrlOf(context);
  const render = () => renderNoticeDocument(pub, kind, siteUrl);
  if (!preview) return respond(announced(await render(), siteUrl, []), 'html');
  const email = await finish(render, siteUrl, context.url.origin);
  return respond(part === 'html' ? email.html : email.text, part);
}

/** Every email's facts: the manifest's entries before their finished HTML is known (email/build/ completes them). */
export async function emailEntriesResponse(context: APIContext): Promise<Response> {
  const pub = await loadPublication();
  const siteUrl = siteUrlOf(context);
  return Response.json({
    site: siteUrl,
    publication: site.title,
    issues: pub.everyIssue.map((issue) => issueEmailEntry(pub, issue, siteUrl)),
    notices: Object.fromEntries(NOTICE_KINDS.map((kind) => [kind, noticeEmailEntry(kind)])),
  });
}
