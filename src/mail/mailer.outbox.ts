/** The default mailer when no SMTP_URL is set: each message becomes an .eml file in outbox/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Mailer } from './mailer.ts';

export function outboxMailer(dir: string, log: (line: string) => void = () => {}): Mailer {
  let counter = 0;
  return {
    async send(message) {
      mkdirSync(dir, { recursive: true });
      const compiled = new MailComposer(message).compile();
      const raw = await compiled.build();
      const messageId = compiled.messageId();
      const to = String(message.to ?? 'unknown').replace(/[^\w.@+-]+/g, '_');
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${++counter}-${to}.eml`);
      writeFileSync(file, raw);
      log(`Mail to ${String(message.to)} saved to ${file} (no SMTP_URL set, so mail goes to the outbox).`);
      return { messageId, response: `saved to ${file}` };
    },
    describe: () => `${dir}/ (outbox: .eml files, no SMTP_URL set)`,
    close: () => {},
  };
}
