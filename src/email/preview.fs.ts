/**
 * Writes a complete message as an .eml file, for `npm run email:preview` and the sender's
 * `--dry-run`: one code path, so both show exactly what a subscriber would receive.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingMessage } from '../mail/transport.ts';

/** A stand-in subscriber for previews. */
export const SAMPLE_RECIPIENT = { id: 0, email: 'sam.reader@example.com', firstName: 'Sam' };

export async function writeEml(message: OutgoingMessage, dir: string, fileName: string): Promise<{ path: string; kilobytes: string }> {
  const eml = await new MailComposer(message).compile().build();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName);
  writeFileSync(path, eml);
  return { path, kilobytes: (eml.length / 1024).toFixed(1) };
}
