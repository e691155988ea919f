/**
 * After the build: moves the emails out of the site (dist/email/, written by the /email/
 * routes) as soon as the pages are generated, checks every issue's email (size, client
 * support, absolute URLs, picks in both parts), completes and validates the manifest, and
 * only then puts them in build/email/, where the sender reads them. They are not part of
 * the deployed site: unpublished issues are rendered too, for preview and sending.
 * Moving them early lets the search index start on the finished site while the checks run.
 * Check results and finished emails (inlined CSS, text part) are kept in build/cache/ between
 * builds, so only emails that changed (or whose code changed) are finished and checked again;
 * `cache: false` does everything afresh.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { hashContent } from '../content/content-hash.fs.ts';
import { checkWithCache } from '../email/check-cache.ts';
import { checkerFingerprint, readCheckResults, writeCheckResults } from '../email/check-cache.fs.ts';
import { checkEmail } from '../email/checks.ts';
import { installFinalizeCache, installedFinalizeCache } from '../email/finalize-cache.ts';
import { finalizeFingerprint, readFinishedEmails, writeFinishedEmails } from '../email/finalize-cache.fs.ts';
import { MANIFEST_VERSION, parseManifest } from '../email/manifest.ts';

/** Where the build leaves the emails for the sender, relative to the project root. */
export const EMAIL_OUT_DIR = 'build/email';
/** Where this build's emails wait until they pass the checks; a failed build leaves build/email/ as it was. */
const EMAIL_STAGING_DIR = 'build/email.next';

export interface EmailArtifactsOptions {
  /** Reuse check results of unchanged emails from earlier builds (default true; TOTW_NO_CACHE=1 turns it off in astro.config.mjs). */
  cache?: boolean;
}

export function emailArtifacts({ cache = true }: EmailArtifactsOptions = {}): AstroIntegration {
  let root = '';
  return {
    name: 'tip-of-the-week:email-artifacts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': () => {
        installFinalizeCache(cache ? { previous: readFinishedEmails(root, finalizeFingerprint(root)), next: new Map(), reused: 0 } : undefined);
      },
      'astro:build:generated': ({ dir }) => {
        const staging = join(root, EMAIL_STAGING_DIR);
        rmSync(staging, { recursive: true, force: true });
        mkdirSync(dirname(staging), { recursive: true });
        renameSync(join(fileURLToPath(dir), 'email'), staging);
      },
      'astro:build:done': ({ logger }) => {
        const from = join(root, EMAIL_STAGING_DIR);
        const partial = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as Record<string, unknown>;
        const manifest = parseManifest(
          { ...partial, version: MANIFEST_VERSION, builtAt: new Date().toISOString(), contentHash: hashContent(join(root, 'content')) },
          'the manifest written by this build',
        );
        const emails = [
          ...manifest.issues.map((entry) => ({ ...entry, what: `${entry.source} (email of issue #${entry.number})` })),
          ...Object.entries(manifest.notices).map(([kind, notice]) => ({ ...notice, pickUrls: [], what: `the ${kind} email` })),
        ].map((email) => ({ ...email, html: readFileSync(join(from, email.html), 'utf8'), text: readFileSync(join(from, email.text), 'utf8') }));
        const checked = checkWithCache(emails, checkerFingerprint(root), cache ? readCheckResults(root) : {}, checkEmail);
        writeCheckResults(root, checked.next);
        const finished = installedFinalizeCache();
        if (finished) writeFinishedEmails(root, finalizeFingerprint(root), finished.next);
        installFinalizeCache(undefined);
        const problems = emails.flatMap((email, i) => checked.problems[i]!.map((p) => `  - ${email.what}: ${p}`));
        if (problems.length) {
          throw new AstroError(`The email check found ${problems.length} problem(s):\n${problems.join('\n')}`, 'Fix the content or the email components, then build again.');
        }
        const to = join(root, EMAIL_OUT_DIR);
        rmSync(to, { recursive: true, force: true });
        mkdirSync(to, { recursive: true });
        for (const entry of [...manifest.issues, ...Object.values(manifest.notices)]) {
          renameSync(join(from, entry.html), join(to, entry.html));
          renameSync(join(from, entry.text), join(to, entry.text));
        }
        writeFileSync(join(to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
        rmSync(from, { recursive: true, force: true });
        const largest = Math.max(0, ...manifest.issues.map((e) => e.htmlBytes));
        const reused = checked.reused ? `; ${checked.reused} of ${emails.length} unchanged since the last build, their check results reused` : '';
        const refinished = finished?.reused ? ` ${finished.reused} finished emails reused from the last build.` : '';
        logger.info(`${manifest.issues.length} issue emails checked and written to ${EMAIL_OUT_DIR}/ (largest HTML ${(largest / 1024).toFixed(1)} KB${reused}).${refinished}`);
      },
    },
  };
}
