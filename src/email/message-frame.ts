/**
 * One issue's copies as ready MIME, built once and filled per reader. Every copy of an issue
 * has the same From, Subject, List-Id, MIME structure and boundaries; only the To address, the
 * Message-ID, the List-Unsubscribe link and the two bodies (placeholders filled) differ. So
 * nodemailer's own composer (its documented MailComposer) builds the message once with
 * stand-ins for those five, and each reader's copy is that text with their values spliced in,
 * handed to the transport as nodemailer's documented `raw` message with its envelope. The
 * bytes are the ones nodemailer would have built for that reader (a test compares them); the
 * sender spends about a third less CPU a message (docs/benchmarks.md, "Sending").
 *
 * The splice is only taken where it is certainly the same: a copy that differs anywhere else
 * (another subject, an attachment), an address nodemailer would quote or encode, or a body it
 * would send as 7bit goes through nodemailer's composer as before. A frame lasts one second
 * (the Date header's resolution), so every copy carries the time it was sent.
 */
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { OutgoingMessage } from '../mail/transport.ts';

/** The option keys a framed message may have; any other key means nodemailer composes it. */
const FRAMED_KEYS = new Set(['from', 'to', 'replyTo', 'subject', 'date', 'messageId', 'envelope', 'text', 'html', 'headers', 'textEncoding']);
/** A bare address nodemailer writes as it is: nothing to quote or encode, and a lower-case domain (it lower-cases domains). */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/;
/** Printable ASCII, spaces allowed: a prepared header value, which nodemailer writes unchanged. */
const PRINTABLE = /^[\x20-\x7e]+$/;
/** One word of printable ASCII: folded only after the header's colon. */
const WORD = /^[\x21-\x7e]+$/;
/** Text nodemailer would send as 7bit when short-lined (its isPlainText); the frame is for base64 bodies only. */
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uFFFF]/;
const LONG_LINE = /^.{77,}/m;

type Slot = 'to' | 'messageId' | 'listUnsubscribe' | 'text' | 'html';

interface Frame {
  /** The composed message cut at the stand-ins: pieces[i] comes before slots[i]. */
  pieces: Buffer[];
  slots: Slot[];
}

/** The reader's values, or undefined when this copy must be composed by nodemailer. */
function slotValues(message: OutgoingMessage): Record<Slot, string> | undefined {
  if (Object.keys(message).some((key) => !FRAMED_KEYS.has(key))) return undefined;
  const { to, messageId, text, html, headers, envelope, textEncoding, date } = message;
  // Without a date nodemailer would stamp the time it composes: a frame's would go stale.
  if (!(date instanceof Date)) return undefined;
  const listUnsubscribe = preparedListUnsubscribe(headers);
  if (textEncoding !== 'base64' || typeof to !== 'string' || !PLAIN_ADDRESS.test(to)) return undefined;
  if (typeof messageId !== 'string' || !WORD.test(messageId) || typeof listUnsubscribe !== 'string' || (listUnsubscribe && !PRINTABLE.test(listUnsubscribe))) return undefined;
  if (typeof text !== 'string' || typeof html !== 'string' || !inBase64(text) || !inBase64(html)) return undefined;
  if (envelope && (typeof envelope.from !== 'string' || envelope.to !== to)) return undefined;
  return { to, messageId, listUnsubscribe, text, html };
}

const inBase64 = (body: string) => NOT_PLAIN.test(body) || LONG_LINE.test(body);

/** The List-Unsubscribe value as buildMessage sets it (prepared, so written unchanged); '' when absent, undefined otherwise. */
function preparedListUnsubscribe(headers: OutgoingMessage['headers']): unknown {
  const header = headers && !Array.isArray(headers) ? (headers as Record<string, unknown>)['List-Unsubscribe'] : undefined;
  if (header === undefined) return '';
  const { prepared, value } = header as { prepared?: unknown; value?: unknown };
  return prepared === true ? value : undefined;
}

const toBase64 = (body: string) => Buffer.from(body, 'utf8').toString('base64');

/** What every copy in one frame shares: everything but the slots, with the Date to the second. */
function frameKey(message: OutgoingMessage): string {
  const { to: _to, messageId: _id, text: _text, html: _html, envelope, date, headers, ...shared } = message;
  const own = headers as Record<string, unknown> | undefined;
  const rest = { ...own, 'List-Unsubscribe': own?.['List-Unsubscribe'] !== undefined };
  return JSON.stringify([shared, rest, envelope !== undefined, Math.floor((date as Date).getTime() / 1000)]);
}

/** Composes `message` with stand-ins in the slots and cuts it there; undefined if a stand-in is not found once. */
async function composeFrame(message: OutgoingMessage): Promise<Frame | undefined> {
  const nonce = randomBytes(9).toString('hex');
  // The bodies' stand-ins hold a non-ASCII letter, so nodemailer encodes them in base64 as it does the real bodies.
  const stand: Record<Slot, string> = { to: `to-${nonce}@frame.invalid`, messageId: `<id-${nonce}@frame.invalid>`, listUnsubscribe: `<https://frame.invalid/${nonce}>`, text: `text-${nonce}\u00e9`, html: `html-${nonce}\u00e9` };
  const headers = { ...(message.headers as Record<string, unknown>) };
  if (headers['List-Unsubscribe'] !== undefined) headers['List-Unsubscribe'] = { prepared: true, value: stand.listUnsubscribe };
  const options = { ...message, headers, to: stand.to, messageId: stand.messageId, text: stand.text, html: stand.html } as OutgoingMessage;
  delete options.envelope;
  const composed = (await new MailComposer(options).compile().build()).toString('latin1');
  // Each stand-in as it appears in the composed text: the bodies' base64 is short enough for one line.
  const marks: [Slot, string][] = [['to', `To: ${stand.to}`], ['messageId', `Message-ID: ${stand.messageId}`], ['text', toBase64(stand.text)], ['html', toBase64(stand.html)]];
  if (headers['List-Unsubscribe'] !== undefined) marks.push(['listUnsubscribe', stand.listUnsubscribe]);
  const found = marks.map(([slot, mark]) => ({ slot, mark, at: composed.indexOf(mark) }));
  if (found.some(({ mark, at }) => at < 0 || composed.indexOf(mark, at + 1) >= 0)) return undefined;
  found.sort((a, b) => a.at - b.at);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const { mark, at } of found) {
    pieces.push(Buffer.from(composed.slice(from, at), 'latin1'));
    from = at + mark.length;
  }
  pieces.push(Buffer.from(composed.slice(from), 'latin1'));
  return { pieces, slots: found.map(({ slot }) => slot) };
}

/**
 * A header of one word (an address, a Message-ID) as nodemailer folds it: a line of 76 characters or more
 * breaks after the colon, and the word is never split.
 */
function headerField(name: string, word: string): string {
  const line = `${name}: ${word}`;
  return line.length < 76 ? line : `${name}:\r\n ${word}`;
}

/** What a slot puts in the copy: ASCII as it is, or a body's base64, cut into lines as it is written. */
type Filling = { ascii: string } | { base64: string };

const fillings: Record<Slot, (value: string) => Filling> = {
  to: (to) => ({ ascii: headerField('To', to) }),
  messageId: (id) => ({ ascii: headerField('Message-ID', id) }),
  listUnsubscribe: (value) => ({ ascii: value }),
  text: (body) => ({ base64: toBase64(body) }),
  html: (body) => ({ base64: toBase64(body) }),
};

/** nodemailer's base64 lines: 76 characters, CRLF between them, none after the last. */
const BASE64_LINE = 76;
const sizeOf = (f: Filling) => ('ascii' in f ? f.ascii.length : f.base64.length + 2 * Math.max(Math.ceil(f.base64.length / BASE64_LINE) - 1, 0));

function write(out: Buffer, at: number, f: Filling): number {
  if ('ascii' in f) return at + out.write(f.ascii, at, 'latin1');
  for (let i = 0; i < f.base64.length; i += BASE64_LINE) {
    if (i) at = out.writeUInt16BE(0x0d0a, at);
    at += out.write(f.base64.slice(i, i + BASE64_LINE), at, 'latin1');
  }
  return at;
}

/** The copy in one buffer, written straight from the frame's pieces and the reader's values (no joined strings). */
function fill(frame: Frame, values: Record<Slot, string>): Buffer {
  const filled = frame.slots.map((slot) => fillings[slot](values[slot]));
  const size = frame.pieces.reduce((n, piece) => n + piece.length, 0) + filled.reduce((n, f) => n + sizeOf(f), 0);
  const out = Buffer.allocUnsafe(size);
  let at = frame.pieces[0]!.copy(out, 0);
  filled.forEach((f, i) => {
    at = write(out, at, f);
    at += frame.pieces[i + 1]!.copy(out, at);
  });
  if (at !== size) throw new Error(`A framed message came out ${at} bytes long instead of ${size}.`);
  return out;
}

/**
 * Returns a function that turns each composed copy (buildMessage's options) into the message the
 * transport sends: a raw message from the current frame when it fits, the options unchanged otherwise.
 */
export function framedMessages(): (message: OutgoingMessage) => Promise<OutgoingMessage> {
  let current: { key: string; frame: Promise<Frame | undefined> } | undefined;
  return async (message) => {
    const values = slotValues(message);
    if (!values) return message;
    const key = frameKey(message);
    if (current?.key !== key) current = { key, frame: composeFrame(message) };
    const frame = await current.frame;
    if (!frame) return message;
    const envelope = message.envelope ?? { from: message.from, to: values.to };
    return { raw: fill(frame, values), from: message.from, envelope, messageId: values.messageId } as OutgoingMessage;
  };
}
