import type { APIRoute, GetStaticPaths } from 'astro';
import { site } from '../../config/site.ts';
import { loadPublication, type Issue } from '../../content/queries.ts';
import { renderIssueEmail } from '../../email/render-issue.ts';

/**
 * /email/issue-<n>.html and /email/issue-<n>.txt: each issue's email exactly as it will
 * be sent, placeholders aside. In `npm run dev` this is the preview; at build time the
 * files move to build/email/ (see the email-artifacts integration) and are not deployed.
 */
export const getStaticPaths = (async () => {
  const pub = await loadPublication();
  return pub.everyIssue.flatMap((issue) => [
    { params: { file: `issue-${issue.data.number}.html` }, props: { issue, part: 'html' as const } },
    { params: { file: `issue-${issue.data.number}.txt` }, props: { issue, part: 'text' as const } },
  ]);
}) satisfies GetStaticPaths;

export const GET: APIRoute = async (context) => {
  const { issue, part } = context.props as { issue: Issue; part: 'html' | 'text' };
  const pub = await loadPublication();
  const email = await renderIssueEmail(pub, issue, String(context.site ?? site.url));
  return new Response(part === 'html' ? email.html : email.text, {
    headers: { 'Content-Type': part === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
  });
};
