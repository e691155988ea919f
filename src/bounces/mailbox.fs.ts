/**
 * Where feedback mail comes from for `npm run bounces`: one .eml file, a maildir (new/ and cur/), an mbox
 * file, or stdin ("-") as an MTA pipe delivers it. Messages are yielded one at a time so a large mbox is never
 * held in memory whole.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface MailboxMessage {
  /** the file path, or "<mbox path>:<n>" / "-:<n>" (1-based) for messages in an mbox or on stdin */
  id: string;
  raw: Buffer;
}

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
async function* splitMbox(source: AsyncIterable<Buffer>, idPrefix: string): AsyncIterable<MailboxMessage> {
  let current: Buffer[] | undefined;
  let previousBlank = true;
  let count = 0;
  const finish = function* (): Iterable<MailboxMessage> {
    if (current === undefined) return;
    const last = current.at(-1);
    if (last !== undefined && isBlank(last)) current.pop();
    count += 1;
    yield { id: `${idPrefix}:${count}`, raw: Buffer.concat(current) };
  };
  for await (const line of source) {
    if (previousBlank && line.subarray(0, FROM_LINE.length).equals(FROM_LINE)) {
      yield* finish();
      current = [];
    } else {
      current?.push(unescapeFrom(line));
    }
    previousBlank = isBlank(line);
  }
  yield* finish();
}

async function* maildir(path: string): AsyncIterable<MailboxMessage> {
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
    const names = (await readdir(join(path, folder))).filter((name) => !name.startsWith('.')).sort();
    for (const name of names) {
      const file = join(path, folder, name);
      const info = await stat(file).catch(() => undefined);
      if (info?.isFile()) yield { id: file, raw: await readFile(file) };
    }
  }
}

/** Reads a file or stdin: an mbox when it starts with a "From " line, else one message. */
async function* fileOrStream(stream: AsyncIterable<Buffer | string>, id: string): AsyncIterable<MailboxMessage> {
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
    );
    return;
  }
  const chunks = [first.value];
  for await (const line of rest) chunks.push(line);
  yield { id, raw: Buffer.concat(chunks) };
}

/**
 * The messages in a source: a path to an .eml file, a maildir or an mbox file, or "-" for stdin.
 * Throws an error that says what to pass when the path does not exist or is an unusable directory.
 */
export async function* readMessages(
  source: string,
  stdin: AsyncIterable<Buffer | string> = process.stdin,
): AsyncIterable<MailboxMessage> {
  if (source === '-') {
    yield* fileOrStream(stdin, '-');
    return;
  }
  const info = await stat(source).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`Cannot read ${source}: ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}. ${USAGE}`);
  });
  if (info.isDirectory()) {
    yield* maildir(source);
    return;
  }
  yield* fileOrStream(createReadStream(source), source);
}
