/**
 * Hooks the email step (src/email/build/emails.fs.ts) into the build. From astro:build:start it
 * finishes and checks each email the /email/ routes announce as they render it; once the pages
 * are written (astro:build:generated) it takes the rendered emails out of the site's folder,
 * before anything indexes it, and completes the step while the other integrations write the
 * sitemap and the search index; astro:build:done waits for it and fails the build if an email
 * fails its checks. What earlier builds finished and checked is kept in
 * build/cache/; `cache: false` does everything afresh.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { buildEmails, EmailCheckError, EmailWork, takeRenderedEmails, type EmailStepSummary } from '../email/build/emails.fs.ts';

export interface EmailArtifactsOptions {
  /** Reuse what earlier builds finished and checked (default true; TOTW_NO_CACHE=1 turns it off in astro.config.mjs). */
  cache?: boolean;
}

export function emailArtifacts({ cache = true }: EmailArtifactsOptions = {}): AstroIntegration {
  let root = '';
  let outDir = '';
  let work: EmailWork | undefined;
  let building: Promise<EmailStepSummary> | undefined;
  return {
    name: 'tip-of-the-week:email-artifacts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        // Beside the site (client/) and the server: published with them, never deployed as pages.
        outDir = fileURLToPath(new URL('email/', config.outDir));
      },
      'astro:build:start': () => {
        // Emails are finished as the routes render them, on the cores the pages leave.
        work = new EmailWork({ root, cache });
        work.listen();
      },
      'astro:build:generated': ({ dir }) => {
        const rendered = takeRenderedEmails(join(fileURLToPath(dir), 'email'));
        building = buildEmails(rendered, { root, outDir, cache, now: new Date() }, work);
        // Awaited in astro:build:done; this only keeps a failure from counting as unhandled before then.
        building.catch(() => {});
      },
      'astro:build:done': async ({ logger }) => {
        if (!building) throw new Error('email-artifacts: the build wrote no /email/ pages');
        try {
          const { manifest, reused } = await building;
          const emails = manifest.issues.length + Object.keys(manifest.notices).length;
          const largest = Math.max(0, ...manifest.issues.map((e) => e.htmlBytes));
          const kept = reused ? `; ${reused} of ${emails} unchanged since the last build, reused` : '';
          logger.info(`${manifest.issues.length} issue emails checked and written to build/email/ (largest HTML ${(largest / 1024).toFixed(1)} KB${kept}).`);
        } catch (error) {
          if (error instanceof EmailCheckError) {
            const failed = new AstroError(error.message, 'Each line names the file to change: a content file, or the email code for the email as a whole.');
            // The lines say where to look; a stack trace into this hook would only hide them.
            failed.stack = '';
            throw failed;
          }
          throw error;
        } finally {
          building = undefined;
          work = undefined;
        }
      },
    },
  };
}
