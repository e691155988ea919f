/**
 * `npm run email:preview -- <issue number|latest>`: writes the complete MIME message of
 * an issue, as a sample subscriber would get it, to build/email/preview/issue-N.eml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { parseEnv } from '../config/env.ts';
import { site } from '../config/site.ts';
import { readEmailBuild } from './build-output.fs.ts';
import { defaultFrom, issueMessage } from './message.ts';

export const SAMPLE_RECIPIENT = { email: 'sam.reader@example.com', firstName: 'Sam' };

export async function main(argv: string[], env: Record<string, string | undefined>, rootDir: string, out: { write: (text: string) => unknown } = process.stdout): Promise<number> {
  const wanted = argv[0] ?? 'latest';
  const config = parseEnv(env);
  const build = readEmailBuild(rootDir);
  const issues = build.manifest.issues;
  const entry = wanted === 'latest' ? issues.find((e) => e.status === 'published') ?? issues[0] : issues.find((e) => String(e.number) === wanted.replace(/^#/, ''));
  if (!entry) {
    const known = issues.map((e) => e.number).join(', ') || 'none';
    throw new Error(`There is no issue ${wanted} in the build (built issues: ${known}). Use an issue number, or "latest".`);
  }
  if (build.stale) out.write('Note: content/ changed since the last build; run `npm run build` to preview the latest text.\n');
  const { html, text } = build.parts(entry);
  const siteUrl = build.manifest.site;
  const message = issueMessage({
    subject: entry.subject,
    html,
    text,
    recipient: SAMPLE_RECIPIENT,
    from: config.MAIL_FROM ?? defaultFrom(site.title, site.editor.email),
    replyTo: config.REPLY_TO ?? site.editor.email,
    unsubscribeUrl: new URL('/unsubscribe/?token=preview', siteUrl).href,
    unsubscribeMailto: `mailto:${site.editor.email}?subject=unsubscribe`,
    siteUrl,
    publication: site.title,
    messageKey: `preview.issue-${entry.number}`,
    date: new Date(),
  });
  const eml = await new MailComposer(message).compile().build();
  const dir = join(build.dir, 'preview');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `issue-${entry.number}.eml`);
  writeFileSync(path, eml);
  out.write(`Wrote ${path} (${(eml.length / 1024).toFixed(1)} KB): issue #${entry.number} (${entry.status}), "${entry.subject}", to ${SAMPLE_RECIPIENT.email}.\n`);
  return 0;
}
