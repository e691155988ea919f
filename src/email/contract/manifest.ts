/**
 * The contract between the build and the sender: build/email/manifest.json lists every
 * issue's email with its subject, preheader and files. Both sides parse it with this
 * schema, so a sender never works from a manifest it does not understand.
 */
import { z } from 'astro/zod';
import { CliError } from '../../cli/errors.ts';
import { zodIssueLines } from '../../lib/zod-errors.ts';
import { placeholderNames } from '../placeholders.ts';

export const MANIFEST_VERSION = 1;

export const emailEntrySchema = z.strictObject({
  number: z.number().int().positive().describe('Issue number.'),
  source: z.string().describe('The issue\'s content file, e.g. content/issues/006.md.'),
  date: z.iso.date().describe('Publication day (YYYY-MM-DD).'),
  status: z.enum(['published', 'scheduled', 'draft']).describe('At build time: live, dated in the future, or a draft.'),
  subject: z.string().min(1).max(78).describe('Subject line.'),
  preheader: z.string().describe('Inbox preview text.'),
  html: z.string().regex(/^[\w.-]+\.html$/).describe('HTML file name, next to the manifest.'),
  text: z.string().regex(/^[\w.-]+\.txt$/).describe('Plain-text file name, next to the manifest.'),
  webUrl: z.url().describe('The issue page ("view in your browser").'),
  sendAt: z.iso.datetime().describe("When `--issue due` may send it: its sendAt (or the site's sendTime) on its date in the publication's time zone, as a UTC instant."),
  stamp: z.string().regex(/^[a-f0-9]{64}$/).describe('Hash of the issue\'s own content, also on its page (<meta name="totw:issue">): `--when-live` compares the two.'),
  pickUrls: z.array(z.url()).describe('Every pick URL, for checks.'),
  archived: z.literal(true).optional().describe('An issue moved in from an earlier platform, mailed from there: never "due".'),
  placeholders: z.array(z.string()).describe('Per-recipient placeholders the sender must fill.'),
  htmlBytes: z.number().int().nonnegative().describe('Size of the HTML part.'),
});

/** An account email (confirmation, welcome): same layout and checks, no picks. */
export const noticeEntrySchema = z.strictObject({
  subject: z.string().min(1).max(78),
  preheader: z.string(),
  html: z.string().regex(/^[\w.-]+\.html$/),
  text: z.string().regex(/^[\w.-]+\.txt$/),
  placeholders: z.array(z.string()),
  htmlBytes: z.number().int().nonnegative(),
});

export const emailManifestSchema = z.strictObject({
  version: z.literal(MANIFEST_VERSION).describe('Bumped when the shape changes.'),
  builtAt: z.iso.datetime().describe('When the build ran.'),
  contentHash: z.string().regex(/^[a-f0-9]{64}$/).describe('SHA-256 of content/ at build time; the sender compares it to spot stale builds.'),
  site: z.url().describe('Public site URL the emails link to.'),
  publication: z.string().min(1).describe('Publication title.'),
  issues: z.array(emailEntrySchema),
  notices: z
    .strictObject({
      confirm: noticeEntrySchema.describe('Asks a new reader to confirm the sign-up.'),
      welcome: noticeEntrySchema.describe('Greets a reader once confirmed.'),
      change: noticeEntrySchema.describe('Asks a reader to confirm the new address they gave on the preference page.'),
    })
    .describe('Account emails (sign-up and address change).'),
});

export type EmailEntry = z.infer<typeof emailEntrySchema>;
export type NoticeEntry = z.infer<typeof noticeEntrySchema>;
export type EmailManifest = z.infer<typeof emailManifestSchema>;

/** What is known of an entry before its email is finished. */
export type EmailEntryDraft = Omit<EmailEntry, 'placeholders' | 'htmlBytes'>;
export type NoticeEntryDraft = Omit<NoticeEntry, 'placeholders' | 'htmlBytes'>;

/** The entry completed from its finished HTML part. */
export function completeEntry<T extends EmailEntryDraft | NoticeEntryDraft>(draft: T, html: string): T & { placeholders: string[]; htmlBytes: number } {
  return { ...draft, placeholders: placeholderNames(html), htmlBytes: Buffer.byteLength(html, 'utf8') };
}

/** The build's emails are missing, stale or from another version. */
export class ManifestError extends CliError {}

/** Parses a manifest, explaining what is wrong and what to do. */
export function parseManifest(json: unknown, where = 'build/email/manifest.json'): EmailManifest {
  const result = emailManifestSchema.safeParse(json);
  if (!result.success) {
    throw new ManifestError(`${where} is not a manifest this version understands. Run \`npm run build\` to write a fresh one.\n${zodIssueLines(result.error).join('\n')}`);
  }
  return result.data;
}
