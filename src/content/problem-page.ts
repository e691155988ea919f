/**
 * The page `npm run dev` shows instead of any page while content has errors: the same
 * `file:line: message` lines as `npm run check` and the build, so an editor watching the browser
 * never reads a page built from a rolled-over date or a half-parsed file. It loads Vite's client,
 * so it reloads by itself once the file is saved. Pure.
 */
import { errorsOf, formatProblem, warningsOf, type ContentProblem } from './problems.ts';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const list = (problems: ContentProblem[]) => `<ul>${problems.map((p) => `<li><code>${escape(formatProblem(p))}</code></li>`).join('')}</ul>`;

export function problemPage(problems: ContentProblem[]): string {
  const errors = errorsOf(problems);
  const warnings = warningsOf(problems);
  const title = `Content check found ${errors.length === 1 ? '1 error' : `${errors.length} errors`}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<script type="module" src="/@vite/client"></script>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; background: #fff; }
code { font: 0.95rem/1.5 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
li { margin: 0.5rem 0; }
h1 { color: #8a1c1c; }
@media (prefers-color-scheme: dark) { body { color: #eee; background: #161616; } h1 { color: #ff9d9d; } }
</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>The site is not shown until ${errors.length === 1 ? 'it is' : 'they are'} fixed; <code>npm run check</code> and <code>npm run build</code> report the same. Each line names the file and the line, what is wrong, and how to fix it. Save the file and this page reloads.</p>
${list(errors)}
${warnings.length ? `<h2>Warnings</h2>\n<p>These do not stop the build, but are worth a look.</p>\n${list(warnings)}` : ''}
</main>
</body>
</html>
`;
}
