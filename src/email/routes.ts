/**
 * Shared by the /email/issue-<n>.html and .txt routes: each issue's email exactly as it
 * will be sent, placeholders aside. In `npm run dev` these are the preview; at build time
 * the files move to build/email/ (the email-artifacts integration) and are not deployed.
 */
import type { APIContext } from 'astro';
import { site } from '../config/site.ts';
import { loadPublication, type Issue } from '../content/queries.ts';
import { renderIssueEmail } from './render-issue.ts';
import { NOTICE_KINDS, renderNoticeEmail, type NoticeKind } from './render-notice.ts';

export async function emailPaths() {
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

export const noticePaths = () => NOTICE_KINDS.map((kind) => ({ params: { kind } }));

export async function noticePartResponse(context: APIContext, part: 'html' | 'text'): Promise<Response> {
  const kind = context.params['kind'] as NoticeKind;
  const email = await renderNoticeEmail(await loadPublication(), kind, String(context.site ?? site.url));
  return new Response(part === 'html' ? email.html : email.text, {
    headers: { 'Content-Type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
  });
}
