/**
 * Reads the emails a build left in build/email/: the manifest (validated) and each
 * issue's parts. Says what to do when the build is missing or older than the content.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashContent } from '../content/content-hash.fs.ts';
import { ManifestError, parseManifest, type EmailEntry, type EmailManifest } from './manifest.ts';

export const EMAIL_DIR = 'build/email';

export interface EmailBuild {
  dir: string;
  manifest: EmailManifest;
  /** true when content/ changed since the build. */
  stale: boolean;
  parts: (entry: EmailEntry) => { html: string; text: string };
}

export function readEmailBuild(rootDir: string): EmailBuild {
  const dir = join(rootDir, EMAIL_DIR);
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new ManifestError(`No built emails found (${EMAIL_DIR}/manifest.json is missing). Run \`npm run build\` first.`);
  }
  const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')), `${EMAIL_DIR}/manifest.json`);
  return {
    dir,
    manifest,
    stale: manifest.contentHash !== hashContent(join(rootDir, 'content')),
    parts: (entry) => ({ html: readFileSync(join(dir, entry.html), 'utf8'), text: readFileSync(join(dir, entry.text), 'utf8') }),
  };
}
