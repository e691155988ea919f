/**
 * Shared by the /email/issue-<n>.html and .txt routes: each issue's email exactly as it
 * will be sent, placeholders aside. They are `npm run dev`'s preview. A build has none of
 * them: its finisher (installed by the email-artifacts integration) finishes the emails the
 * manifest route renders, off the main thread, and the integration writes them to
 * build/email/; they are never deployed.
 */
import type { APIContext } from 'astro';
import { site } from '../config/site.ts';
import { loadPublication, type Issue } from '../content/queries.ts';
import { installedFinisher } from './finisher.ts';
import { renderIssueEmail } from './render-issue.ts';
import { NOTICE_KINDS, renderNoticeEmail, type NoticeKind } from './render-notice.ts';

export async function emailPaths() {
  if (installedFinisher()) return [];
  const pub = await loadPublication();
  return pub.everyIssue.map((issue) => ({ params: { number: String(issue.data.number) }, props: { issue } }));
}

export async function emailPartResponse(context: APIContext, part: 'html' | 'text'): Promise<Response> {
  const { issue } = context.props as { issue: Issue };
  const email = await renderIssueEmail(await loadPublication(), issue, String(context.site ?? site.url));
  return new Response(part === 'html' ? email.html : email.text, {
    headers: { 'Content-Type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
  });
}

export const noticePaths = () => (installedFinisher() ? [] : NOTICE_KINDS.map((kind) => ({ params: { kind } })));

export async function noticePartResponse(context: APIContext, part: 'html' | 'text'): Promise<Response> {
  const kind = context.params['kind'] as NoticeKind;
  const email = await renderNoticeEmail(await loadPublication(), kind, String(context.site ?? site.url));
  return new Response(part === 'html' ? email.html : email.text, {
    headers: { 'Content-Type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
  });
}
