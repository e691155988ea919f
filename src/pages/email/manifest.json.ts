import type { APIRoute } from 'astro';
import { site } from '../../config/site.ts';
import { loadPublication } from '../../content/queries.ts';
import { renderIssueEmail } from '../../email/render-issue.ts';

/** Every issue's email entry; the email-artifacts integration completes and validates it. */
export const GET: APIRoute = async (context) => {
  const pub = await loadPublication();
  const siteUrl = String(context.site ?? site.url);
  const entries = await Promise.all(pub.everyIssue.map(async (issue) => (await renderIssueEmail(pub, issue, siteUrl)).entry));
  return Response.json({ site: siteUrl, publication: site.title, issues: entries });
};
