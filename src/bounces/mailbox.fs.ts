/**
 * Where feedback mail comes from for `npm run bounces`: one .eml file, a maildir (new/ and cur/), an mbox
 * file, or stdin ("-") as an MTA pipe delivers it. Messages are yielded one at a time so a large mbox is never
 * held in memory whole, and a message over the size limit is never held at all: it is yielded with its size
 * only.
 *
 * A maildir is read the maildir way: what is in new/, and what is in cur/ without the Seen flag. The caller
 * settles each message once it is done with it, which moves it to cur/ with flags (S: seen; F: flagged, for a
 * message skipped or not applied), so no file is read again and again by every cron run.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAIL_LIMITS } from './feedback-mail.ts';

/** Maildir flags the bounce reader sets: S (seen) when done, F (flagged) as well when a person should look. */
export type SettleFlags = 'S' | 'FS';

export type MailboxMessage = {
  /** the file path, or "<mbox path>:<n>" / "-:<n>" (1-based) for messages in an mbox or on stdin */
  id: string;
  /**
   * maildir and IMAP: marks the message done with these flags, so it is not read again (a maildir moves it
   * to cur/; IMAP moves it to the Processed folder when `applied`, every report in it applied)
   */
  settle?: (flags: SettleFlags, applied?: boolean) => Promise<void>;
} & ({ raw: Buffer } | { raw?: undefined; tooLarge: number });

const FROM_LINE = Buffer.from('From ');
const USAGE = 'Pass an .eml file, a maildir (with new/ and cur/), an mbox file, or - to read one message from stdin.';

/**
 * Yields a stream's lines as Buffers, each with its line ending. A partial line is kept as a list of pieces
 * and joined once, so a file with very long lines is not copied over and over.
 */
async function* lines(stream: AsyncIterable<Buffer | string>): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  for await (const input of stream) {
    const chunk = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
    let start = 0;
    let newline = chunk.indexOf(0x0a, start);
    while (newline >= 0) {
      pending.push(chunk.subarray(start, newline + 1));
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      pending = [];
      start = newline + 1;
      newline = chunk.indexOf(0x0a, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}

function isBlank(line: Buffer): boolean {
  return line.length === 0 || line.toString('latin1').trim() === '';
}

/** mboxrd: a body line ">From " (with any number of ">") was escaped by adding one ">". */
function unescapeFrom(line: Buffer): Buffer {
  let i = 0;
  while (line[i] === 0x3e) i++;
  return i > 0 && line.subarray(i, i + FROM_LINE.length).equals(FROM_LINE) ? line.subarray(1) : line;
}

/**
 * Splits an mbox stream into messages: a message starts at a "From " line that opens the file or follows an
 * empty line; the empty line before it is the separator, not part of the message.
 */
/** Collects one message's lines up to `maxBytes`; past that only counts them. */
function messageBuffer(maxBytes: number) {
  let lines: Buffer[] = [];
  let size = 0;
  return {
    push(line: Buffer): void {
      size += line.length;
      if (size <= maxBytes) lines.push(line);
      else lines = [];
    },
    /** Drops a trailing blank line (the separator before the next "From " line of an mbox). */
    dropTrailingBlank(): void {
      const last = lines.at(-1);
      if (last !== undefined && isBlank(last) && size <= maxBytes) {
        lines.pop();
        size -= last.length;
      }
    },
    message(id: string): MailboxMessage {
      return size > maxBytes ? { id, tooLarge: size } : { id, raw: Buffer.concat(lines) };
    },
  };
}

async function* splitMbox(source: AsyncIterable<Buffer>, idPrefix: string, maxBytes: number): AsyncIterable<MailboxMessage> {
  let current: ReturnType<typeof messageBuffer> | undefined;
  let previousBlank = true;
  let count = 0;
  const finish = function* (): Iterable<MailboxMessage> {
    if (current === undefined) return;
    current.dropTrailingBlank();
    count += 1;
    yield current.message(`${idPrefix}:${count}`);
  };
  for await (const line of source) {
    if (previousBlank && line.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
      yield* finish();
      current = messageBuffer(maxBytes);
    } else {
      current?.push(unescapeFrom(line));
    }
    previousBlank = isBlank(line);
  }
  yield* finish();
}

/** A maildir file name's flags (what follows ":2,"), e.g. "FS". */
const flagsOf = (name: string) => /:2,([A-Za-z]*)$/.exec(name)?.[1] ?? '';

/**
 * Moves a maildir message to cur/ with `flags` added (maildir.txt: "cur/<unique>:2,<flags in ASCII order>").
 * A message someone else moved or deleted meanwhile is left alone.
 */
async function settleMaildir(file: string, flags: SettleFlags): Promise<void> {
  const name = basename(file);
  const unique = name.replace(/:2,[A-Za-z]*$/, '');
  const merged = [...new Set([...flagsOf(name), ...flags])].sort().join('');
  await rename(file, join(dirname(dirname(file)), 'cur', `${unique}:2,${merged}`)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

async function* maildir(path: string, maxBytes: number): AsyncIterable<MailboxMessage> {
  const folders = ['new', 'cur'];
  const present: string[] = [];
  for (const folder of folders) {
    const info = await stat(join(path, folder)).catch(() => undefined);
    if (info?.isDirectory()) present.push(folder);
  }
  if (present.length === 0) {
    throw new Error(`${path} is a directory but not a maildir: it has no new/ or cur/ folder. ${USAGE}`);
  }
  for (const folder of present) {
    // In cur/, a message marked Seen was read before (by this command or a person): not again.
    const names = (await readdir(join(path, folder))).filter((name) => !name.startsWith('.') && !(folder === 'cur' && flagsOf(name).includes('S'))).sort();
    for (const name of names) {
      const file = join(path, folder, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      const settle = (flags: SettleFlags) => settleMaildir(file, flags);
      yield info.size > maxBytes ? { id: file, tooLarge: info.size, settle } : { id: file, raw: await readFile(file), settle };
    }
  }
}

/** Reads a file or stdin: an mbox when it starts with a "From " line, else one message. */
async function* fileOrStream(stream: AsyncIterable<Buffer | string>, id: string, maxBytes: number): AsyncIterable<MailboxMessage> {
  const iterator = lines(stream)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  if (first.value.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
    yield* splitMbox(
      (async function* () {
        yield first.value;
        yield* rest;
      })(),
      id,
      maxBytes,
    );
    return;
  }
  const message = messageBuffer(maxBytes);
  message.push(first.value);
  for await (const line of rest) message.push(line);
  yield message.message(id);
}

/**
 * The messages in a source: a path to an .eml file, a maildir or an mbox file, or "-" for stdin. A message
 * over `maxBytes` comes with its size instead of its bytes.
 * Throws an error that says what to pass when the path does not exist or is an unusable directory.
 */
export async function* readMessages(
  source: string,
  stdin: AsyncIterable<Buffer | string> = process.stdin,
  { maxBytes = MAIL_LIMITS.maxBytes }: { maxBytes?: number } = {},
): AsyncIterable<MailboxMessage> {
  if (source === '-') {
    yield* fileOrStream(stdin, '-', maxBytes);
    return;
  }
  const info = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${source}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}. ${USAGE}`);
  });
  if (info.isDirectory()) {
    yield* maildir(source, maxBytes);
    return;
  }
  yield* fileOrStream(createReadStream(source), source, maxBytes);
}
