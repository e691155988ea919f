import type { APIRoute } from 'astro';
import { site } from '../../config/site.ts';
import { loadPublication } from '../../content/queries.ts';
import { renderIssueEmail } from '../../email/render-issue.ts';
import { NOTICE_KINDS, renderNoticeEmail } from '../../email/render-notice.ts';

/** Every issue's email entry; the email-artifacts integration completes and validates it. */
export const GET: APIRoute = async (context) => {
  const pub = await loadPublication();
  const siteUrl = String(context.site ?? site.url);
  const entries = await Promise.all(pub.everyIssue.map(async (issue) => (await renderIssueEmail(pub, issue, siteUrl)).entry));
  const [confirm, welcome] = await Promise.all(NOTICE_KINDS.map(async (kind) => (await renderNoticeEmail(pub, kind, siteUrl)).entry));
  return Response.json({ site: siteUrl, publication: site.title, issues: entries, notices: { confirm, welcome } });
};
