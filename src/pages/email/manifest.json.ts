import type { APIRoute } from 'astro';
import { site } from '../../config/site.ts';
import { loadPublication } from '../../content/queries.ts';
import { installedFinisher } from '../../email/finisher.ts';
import { renderIssueEmail, renderIssueRaw } from '../../email/render-issue.ts';
import { NOTICE_KINDS, renderNoticeEmail, renderNoticeRaw } from '../../email/render-notice.ts';

/**
 * Every issue's email entry. In a build, each rendered email goes to the finisher (another
 * thread) and the email-artifacts integration completes the entries and writes the emails;
 * in `npm run dev` they are finished here.
 */
export const GET: APIRoute = async (context) => {
  const pub = await loadPublication();
  const siteUrl = String(context.site ?? site.url);
  const finisher = installedFinisher();
  if (!finisher) {
    const entries = await Promise.all(pub.everyIssue.map(async (issue) => (await renderIssueEmail(pub, issue, siteUrl)).entry));
    const [confirm, welcome] = await Promise.all(NOTICE_KINDS.map(async (kind) => (await renderNoticeEmail(pub, kind, siteUrl)).entry));
    return Response.json({ site: siteUrl, publication: site.title, issues: entries, notices: { confirm, welcome } });
  }
  const issues = [];
  for (const issue of pub.everyIssue) {
    const { raw, entry } = await renderIssueRaw(pub, issue, siteUrl);
    finisher.submit(entry.html, { raw, siteUrl, pickUrls: entry.pickUrls });
    issues.push(entry);
  }
  const notices: Record<string, unknown> = {};
  for (const kind of NOTICE_KINDS) {
    const { raw, entry } = await renderNoticeRaw(pub, kind, siteUrl);
    finisher.submit(entry.html, { raw, siteUrl, pickUrls: [] });
    notices[kind] = entry;
  }
  return Response.json({ site: siteUrl, publication: site.title, issues, notices });
};
