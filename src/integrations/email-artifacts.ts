/**
 * After the build: checks every issue's email (size, client support, absolute URLs,
 * picks in both parts), completes and validates the manifest, and moves the emails
 * from dist/email/ to build/email/, where the sender reads them. They are not part
 * of the deployed site: unpublished issues are rendered too, for preview and sending.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { hashContent } from '../content/content-hash.fs.ts';
import { checkEmail } from '../email/checks.ts';
import { MANIFEST_VERSION, parseManifest } from '../email/manifest.ts';

/** Where the build leaves the emails for the sender, relative to the project root. */
export const EMAIL_OUT_DIR = 'build/email';

export function emailArtifacts(): AstroIntegration {
  let root = '';
  return {
    name: 'tip-of-the-week:email-artifacts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const from = join(fileURLToPath(dir), 'email');
        const partial = JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')) as Record<string, unknown>;
        const manifest = parseManifest(
          { ...partial, version: MANIFEST_VERSION, builtAt: new Date().toISOString(), contentHash: hashContent(join(root, 'content')) },
          'the manifest written by this build',
        );
        const problems = manifest.issues.flatMap((entry) => {
          const html = readFileSync(join(from, entry.html), 'utf8');
          const text = readFileSync(join(from, entry.text), 'utf8');
          return checkEmail({ html, text, pickUrls: entry.pickUrls }).map((p) => `  - ${entry.source} (email of issue #${entry.number}): ${p}`);
        });
        for (const [kind, notice] of Object.entries(manifest.notices)) {
          const html = readFileSync(join(from, notice.html), 'utf8');
          const text = readFileSync(join(from, notice.text), 'utf8');
          problems.push(...checkEmail({ html, text, pickUrls: [] }).map((p) => `  - the ${kind} email: ${p}`));
        }
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
        logger.info(`${manifest.issues.length} issue emails checked and written to ${EMAIL_OUT_DIR}/ (largest HTML ${(largest / 1024).toFixed(1)} KB).`);
      },
    },
  };
}
