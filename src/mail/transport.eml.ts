/**
 * Development mail without an SMTP relay: each message becomes an .eml file in a folder
 * that only the owner can read (the files hold live confirmation and unsubscribe links).
 * A file appears whole: it is written under a hidden name and renamed into place, so a mail
 * viewer or a script watching the folder never opens half a message.
 * Logs name the file and the message id, never the recipient's address.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { MailTransport, OutgoingMessage } from './transport.ts';

export function emlTransport(dir: string, log: (line: string) => void): MailTransport {
  let counter = 0;
  return {
    async send(message: OutgoingMessage) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const compiled = new MailComposer(message).compile();
      const raw = await compiled.build();
      const messageId = compiled.messageId();
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${++counter}.eml`;
      const file = join(dir, name);
      const partial = join(dir, `.${name}.partial`);
      writeFileSync(partial, raw, { mode: 0o600 });
      renameSync(partial, file);
      log(`Message ${messageId} saved to ${file} (no SMTP_URL set, so mail goes to the mail folder).`);
      return { messageId, response: `saved to ${file}` };
    },
    classify: () => 'fail',
    describeError: (error) => (error as Error).message,
    describe: () => `${dir}/ (.eml files; no SMTP_URL set)`,
    remedy: { stop: `Check that ${dir}/ is writable`, unreachable: `check that ${dir}/ is writable` },
    close: async () => {},
  };
}
