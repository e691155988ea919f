/**
 * The bounce mailbox over IMAP (imapflow), one more source for `npm run bounces` next to
 * mailbox.fs.ts. Reads the unseen messages of one mailbox one at a time (never more than the size
 * limit: a larger one is yielded with its size only). Each message is settled once the caller is
 * done: mail it applied goes to the Processed folder; anything else stays where it is, marked
 * seen (and flagged when a person should look), so the next run does not read it again. Nothing
 * is ever deleted: a reader that deletes what it did not understand loses people's mail.
 */
import { ImapFlow } from 'imapflow';
import { CliError } from '../cli/errors.ts';
import type { MailboxMessage, SettleFlags } from './mailbox.fs.ts';
import { PROCESSED_FOLDER, type ImapSource } from './imap-source.ts';

/** EX_TEMPFAIL: the mailbox could not be read now; the next run (cron, a timer) tries again. */
const TEMPFAIL = 75;

/** The IMAP server could not be reached, refused us or went away: exit 75, the next run tries again. */
export class ImapError extends CliError {
  constructor(message: string) {
    super(message, TEMPFAIL);
  }
}

/** A failure mid-run, with the state things are in. */
const stoppedReading = (source: ImapSource, error: unknown) =>
  error instanceof CliError
    ? error
    : new ImapError(`Reading ${source.display} stopped: ${(error as Error).message}. What was applied is recorded; messages not yet moved are read again next run and recognised as duplicates.`);

async function connected(source: ImapSource): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: source.host,
    port: source.port,
    secure: source.secure,
    doSTARTTLS: source.doSTARTTLS,
    auth: { user: source.user, pass: source.pass },
    logger: false,
  });
  // A dropped connection is reported by the command that was waiting on it; this keeps the event from crashing the process.
  client.on('error', () => undefined);
  await client.connect().catch((error: Error & { authenticationFailed?: boolean; responseText?: string }) => {
    const why = error.authenticationFailed ? `the server refused ${source.user}'s password (${error.responseText ?? error.message}): check BOUNCE_IMAP_PASSWORD` : error.message;
    throw new ImapError(`Cannot read ${source.display}: ${why}. Nothing was read.`);
  });
  return client;
}

/** Creates the Processed folder when it is missing. */
async function ensureFolder(client: ImapFlow, path: string): Promise<void> {
  const folders = await client.list();
  if (!folders.some((f) => f.path === path)) await client.mailboxCreate(path);
}

/** Yields the mailbox's unseen messages; `settle(flags, applied)` moves or marks each one. */
export async function* readImapMessages(source: ImapSource, maxBytes: number): AsyncIterable<MailboxMessage> {
  const client = await connected(source);
  try {
    yield* unseenMessages(client, source, maxBytes);
  } catch (error) {
    throw stoppedReading(source, error);
  } finally {
    await client.logout().catch(() => undefined);
  }
}

async function* unseenMessages(client: ImapFlow, source: ImapSource, maxBytes: number): AsyncIterable<MailboxMessage> {
  await ensureFolder(client, PROCESSED_FOLDER);
  const lock = await client.getMailboxLock(source.mailbox);
  try {
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      const head = await client.fetchOne(String(uid), { size: true }, { uid: true });
      if (!head) continue; // moved or deleted by someone else meanwhile
      const id = `${source.display}#${uid}`;
      const settle = settler(client, source, uid);
      if ((head.size ?? 0) > maxBytes) {
        yield { id, tooLarge: head.size!, settle };
        continue;
      }
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (message && message.source) yield { id, raw: message.source, settle };
    }
  } finally {
    lock.release();
  }
}

/** Moves message `uid` to the Processed folder when applied; otherwise marks it (seen; flagged too for FS) where it is. */
function settler(client: ImapFlow, source: ImapSource, uid: number) {
  return async (flags: SettleFlags, applied = false): Promise<void> => {
    try {
      if (applied) await client.messageMove(String(uid), PROCESSED_FOLDER, { uid: true });
      else await client.messageFlagsAdd(String(uid), flags === 'FS' ? ['\\Seen', '\\Flagged'] : ['\\Seen'], { uid: true });
    } catch (error) {
      throw stoppedReading(source, error);
    }
  };
}
