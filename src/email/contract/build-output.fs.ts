/**
 * Reads the emails a build left in EMAIL_DIR (build/email/ by default): the manifest
 * (validated) and each email's parts. Says what to do when the build is missing or older
 * than the content.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { DEFAULT_EMAIL_DIR } from '../../config/env.ts';
import { hashContent } from '../../content/content-hash.fs.ts';
import { ManifestError, parseManifest, type EmailManifest } from './manifest.ts';

export interface EmailBuild {
  dir: string;
  manifest: EmailManifest;
  /** true when content/ changed since the build. */
  stale: boolean;
  /** The HTML and text parts of an issue or notice entry. */
  parts: (entry: { html: string; text: string }) => { html: string; text: string };
}

export function readEmailBuild(rootDir: string, emailDir = DEFAULT_EMAIL_DIR): EmailBuild {
  const dir = isAbsolute(emailDir) ? emailDir : join(rootDir, emailDir);
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new ManifestError(`No built emails found (${join(emailDir, 'manifest.json')} is missing). Run \`npm run build\` first.`);
  }
  const manifest = parseManifest(JSON.parse(readFileSync(path, 'utf8')), join(emailDir, 'manifest.json'));
  return {
    dir,
    manifest,
    stale: manifest.contentHash !== hashContent(join(rootDir, 'content')),
    parts: (entry) => ({ html: readFileSync(join(dir, entry.html), 'utf8'), text: readFileSync(join(dir, entry.text), 'utf8') }),
  };
}
