/**
 * Validates content/ before Astro renders anything. A build with bad content stops
 * with one line per problem (file, field, fix); the dev server keeps running and
 * prints the problems again whenever a content file changes.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { imageExistsOnDisk, readContent } from '../content/read-content.fs.ts';
import { site } from '../config/site.ts';
import { formatProblems } from '../content/problems.ts';
import { validateContent } from '../content/validate.ts';

/** Runs the standalone validator over a project root; returns the printable report, or undefined when all is well. */
export function checkContent(rootDir: string): string | undefined {
  const problems = validateContent(readContent(rootDir), { imageExists: imageExistsOnDisk(rootDir), publicationTitle: site.title });
  return problems.length ? formatProblems(problems) : undefined;
}

export function contentGuard(): AstroIntegration {
  let rootDir = '';
  return {
    name: 'tip-of-the-week:content-guard',
    hooks: {
      'astro:config:setup': ({ command, config, logger }) => {
        rootDir = fileURLToPath(config.root);
        const report = checkContent(rootDir);
        if (!report) return;
        if (command === 'build') {
          const error = new AstroError(report, 'Each line names the file, the line and the field. Run `npm run check` to see them again as you fix them.');
          // A content problem is the editor's to fix, not a bug in our code: no stack trace.
          error.stack = '';
          throw error;
        }
        logger.error(report);
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.on('change', (path) => {
          if (!path.includes('/content/')) return;
          const report = checkContent(rootDir);
          if (report) logger.error(report);
          else logger.info('Content check passed.');
        });
      },
    },
  };
}
