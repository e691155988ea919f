/**
 * Runs the content check (src/content/check.ts, the same as `npm run check`) before Astro
 * renders anything, and is its only runner in a build and in `npm run dev`:
 * - `astro build` stops on an error with one line per problem (file, line, field, fix) and no
 *   stack trace; warnings go to the build log and the build goes ahead.
 * - `astro dev` keeps running: the terminal shows the problems again whenever a content file
 *   changes, and while there are errors every page answers with them (src/content/problem-page.ts)
 *   instead of rendering content the check refused.
 */
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { AstroError } from 'astro/errors';
import { site } from '../config/site.ts';
import { problemPage } from '../content/problem-page.ts';
import { errorReport, errorsOf, warningReport, type ContentProblem } from '../content/problems.ts';
import { hashContent } from '../content/content-hash.fs.ts';
import { checkContentOnDisk } from '../content/read-content.fs.ts';

/** Requests for Vite's and Astro's own modules and assets, which the problem page itself needs. */
const TOOLING = /^\/(@|__|_astro\/|_image|node_modules\/|src\/|\.)/;

export function contentGuard(): AstroIntegration {
  let rootDir = '';
  let publicDir = '';
  let problems: ContentProblem[] = [];
  /** content/ as the last check read it. */
  let checked = '';
  const fingerprint = () => hashContent(join(rootDir, 'content'));

  const check = (logger: AstroIntegrationLogger) => {
    checked = fingerprint();
    problems = checkContentOnDisk(rootDir, site.title).problems;
    const errors = errorReport(problems, 'dev');
    const warnings = warningReport(problems);
    if (errors) logger.error(errors);
    if (warnings) logger.warn(warnings);
    if (!errors && !warnings) logger.info('Content check passed.');
  };

  /**
   * While content has errors, pages answer with them; Vite's and Astro's files and public/ are served as usual.
   * The file watcher can miss a save that follows another within milliseconds (both get the same modification
   * time), so before a problem page is served, content/ is compared with what the last check read.
   */
  const answerWithProblems = (logger: AstroIntegrationLogger) => (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const raw = (req.url ?? '/').split('?')[0]!;
    let path = raw;
    try {
      path = decodeURIComponent(raw);
    } catch {
      // a malformed escape: judge the path as written
    }
    const passes = () => errorsOf(problems).length === 0 || (req.method !== 'GET' && req.method !== 'HEAD') || TOOLING.test(path) || (path !== '/' && existsSync(join(publicDir, path)));
    if (!passes() && fingerprint() !== checked) check(logger);
    if (passes()) {
      next();
      return;
    }
    res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : problemPage(problems));
  };

  return {
    name: 'tip-of-the-week:content-guard',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        rootDir = fileURLToPath(config.root);
        publicDir = fileURLToPath(config.publicDir);
        if (command === 'dev') return check(logger);
        if (command !== 'build') return;
        problems = checkContentOnDisk(rootDir, site.title).problems;
        const warnings = warningReport(problems);
        if (warnings) logger.warn(warnings);
        const errors = errorReport(problems, 'build');
        if (!errors) return;
        const error = new AstroError(errors, 'Each line names the file, the line and the field. Run `npm run check` to see them again as you fix them.');
        // A content problem is the editor's to fix, not a bug in our code: no stack trace.
        error.stack = '';
        throw error;
      },
      'astro:server:setup': ({ server, logger }) => {
        server.middlewares.use(answerWithProblems(logger));
        const contentDir = join(rootDir, 'content');
        const recheck = (path: string) => {
          if (!path.startsWith(contentDir)) return;
          check(logger);
          // Astro reloads open pages once it has read the changed entry; a file it cannot read at all
          // (bad YAML) changes nothing there, so an open problem page is told to reload here. Once the
          // errors are gone, Astro's own reload (after it has read the fix) shows the page.
          if (errorsOf(problems).length > 0) server.environments.client.hot.send({ type: 'full-reload', path: '*' });
        };
        for (const event of ['add', 'change', 'unlink'] as const) server.watcher.on(event, recheck);
      },
    },
  };
}
