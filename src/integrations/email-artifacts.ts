/**
 * Builds the emails: before pages render, installs the finisher (src/email/finishing.fs.ts)
 * that the /email/manifest.json route hands every rendered email to; a worker thread inlines
 * CSS, derives the text part and checks each one (size, client support, absolute URLs, picks
 * in both parts) while the pages render. After the build it completes and validates the
 * manifest and, only when every email passed, writes them beside the site (email/ in the build's
 * output, build/email/ once `npm run build` publishes it), where the sender reads them. They are not part of the deployed
 * site: unpublished issues are rendered too, for preview and sending.
 * What earlier builds finished and checked is kept in build/cache/, so only emails that
 * changed (or whose code changed) are finished and checked again; `cache: false` does
 * everything afresh.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { hashContent } from '../content/content-hash.fs.ts';
import { installFinisher } from '../email/finisher.ts';
import { EmailFinishing } from '../email/finishing.fs.ts';
import { completeEntry, MANIFEST_VERSION, parseManifest, type EmailEntryDraft, type NoticeEntryDraft } from '../email/manifest.ts';


export interface EmailArtifactsOptions {
  /** Reuse what earlier builds finished and checked (default true; TOTW_NO_CACHE=1 turns it off in astro.config.mjs). */
  cache?: boolean;
}

type Draft = { issues: EmailEntryDraft[]; notices: Record<string, NoticeEntryDraft> } & Record<string, unknown>;

export function emailArtifacts({ cache = true }: EmailArtifactsOptions = {}): AstroIntegration {
  let root = '';
  let emailDir = '';
  let finishing: EmailFinishing | undefined;
  let draft: Draft | undefined;
  return {
    name: 'tip-of-the-week:email-artifacts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        // Beside the site (client/) and the server: published with them, never deployed as pages.
        emailDir = fileURLToPath(new URL('email/', config.outDir));
      },
      'astro:build:start': () => {
        finishing = new EmailFinishing({ root, cache });
        // Its worker loads its libraries while Astro bundles, rather than while pages render.
        // A worker that cannot start fails each email with the reason, collected in build:done.
        finishing.start().catch(() => {});
        installFinisher(finishing);
      },
      'astro:build:generated': ({ dir }) => {
        // The manifest route's output is ours, not the site's: take it out before anything indexes the site.
        const emailDir = join(fileURLToPath(dir), 'email');
        draft = JSON.parse(readFileSync(join(emailDir, 'manifest.json'), 'utf8')) as Draft;
        rmSync(emailDir, { recursive: true, force: true });
      },
      'astro:build:done': async ({ logger }) => {
        installFinisher(undefined);
        if (!finishing || !draft) throw new Error('email-artifacts: the build rendered no /email/manifest.json');
        const { results, finishedReused, checksReused } = await finishing.finish();
        const finished = (file: string) => {
          const result = results.get(file);
          if (!result) throw new Error(`email-artifacts: ${file} was listed in the manifest but never rendered`);
          return result;
        };
        const manifest = parseManifest(
          {
            ...draft,
            issues: draft.issues.map((entry) => completeEntry(entry, finished(entry.html).html)),
            notices: Object.fromEntries(Object.entries(draft.notices).map(([kind, entry]) => [kind, completeEntry(entry, finished(entry.html).html)])),
            version: MANIFEST_VERSION,
            builtAt: new Date().toISOString(),
            contentHash: hashContent(join(root, 'content')),
          },
          'the manifest written by this build',
        );
        const emails = [
          ...manifest.issues.map((entry) => ({ entry, what: `${entry.source} (email of issue #${entry.number})` })),
          ...Object.entries(manifest.notices).map(([kind, entry]) => ({ entry, what: `the ${kind} email` })),
        ];
        const problems = emails.flatMap(({ entry, what }) => finished(entry.html).problems.map((p) => `  - ${what}: ${p}`));
        if (problems.length) {
          throw new AstroError(`The email check found ${problems.length} problem(s):\n${problems.join('\n')}`, 'Fix the content or the email components, then build again.');
        }
        mkdirSync(emailDir, { recursive: true });
        for (const { entry } of emails) {
          const { html, text } = finished(entry.html);
          writeFileSync(join(emailDir, entry.html), html);
          writeFileSync(join(emailDir, entry.text), text);
        }
        writeFileSync(join(emailDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        const largest = Math.max(0, ...manifest.issues.map((e) => e.htmlBytes));
        const reused = checksReused ? `; ${checksReused} of ${emails.length} unchanged since the last build, their check results reused` : '';
        const refinished = finishedReused ? ` ${finishedReused} finished emails reused from the last build.` : '';
        logger.info(`${manifest.issues.length} issue emails checked and written to build/email/ (largest HTML ${(largest / 1024).toFixed(1)} KB${reused}).${refinished}`);
      },
    },
  };
}
