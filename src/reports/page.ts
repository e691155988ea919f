/**
 * `npm run report -- --html`: the publication as one self-contained page. No script, no stylesheet or font
 * to fetch, the charts inline SVG: it opens from a file, a mail attachment or a static host alike. Pure.
 */
import { escapeHtml } from '../lib/html.ts';
import { clicksSection, issuesSection, mailSection, subscribersSection } from './page-sections.ts';
import { PAGE_STYLE } from './page-style.ts';
import type { PublicationReport } from './publication.ts';

export interface PageOptions {
  /** The publication's name, for the title. */
  title: string;
}

export function renderPage(report: PublicationReport, { title }: PageOptions): string {
  const at = report.at.toISOString().replace('T', ' ').slice(0, 16);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}: the numbers</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}: the numbers</h1><p class="meta">Made ${at} UTC from ${escapeHtml(report.database)} by <code>npm run report -- --html</code>.</p></header>
<main>
${subscribersSection(report)}
${issuesSection(report)}
${clicksSection(report)}
${mailSection(report)}
</main>
</body>
</html>
`;
}
