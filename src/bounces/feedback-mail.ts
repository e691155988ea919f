/**
 * A feedback mail as the report readers (dsn.ts, arf.ts, heuristic.ts) need it: its headers, its human text and
 * its report parts. The MIME structure is read by postal-mime (the standard parser from nodemailer's maintainer),
 * which keeps message/delivery-status, message/feedback-report, message/rfc822 and text/rfc822-headers as
 * attachments instead of folding them into the body; that is where a report keeps its meaning.
 *
 * Anyone can mail the bounce address, so every read is bounded: the message's size, its number of MIME parts,
 * their nesting and the header bytes (postal-mime's own limits), and the text the heuristics scan. HTML is made
 * text by html-to-text (a linear parser) after it is cut to size, never by regular expressions over the whole.
 */
import { convert } from 'html-to-text';
import PostalMime, { decodeWords, type PostalMimeError } from 'postal-mime';
import { parseHeaderBlock, type Header } from './fields.ts';

export { decodeWords };

/** What one mail may hold before it is skipped. Real bounces and abuse reports are a few parts and a few hundred KB. */
export const MAIL_LIMITS = {
  /** bytes of one message; a returned original is cut by most MTAs long before this */
  maxBytes: 10 * 1024 * 1024,
  /** MIME parts, the message itself included */
  maxParts: 256,
  /** multipart nesting */
  maxDepth: 16,
  /** header bytes over all parts */
  maxHeaderBytes: 512 * 1024,
} as const;

/** The human part of a bounce is short; the rest of a huge text part is not read. */
export const TEXT_SCAN_LIMIT = 100_000;
/** HTML read before it is made text: enough for any bounce's wording, small enough to bound the work. */
const HTML_SCAN_LIMIT = 4 * TEXT_SCAN_LIMIT;
/** Header block of a returned original: a real one is a few KB. */
const ORIGINAL_HEAD_LIMIT = 64 * 1024;

/** A non-text part of the mail: a report part or the returned original. */
export interface MailPart {
  /** lowercased media type, e.g. "message/delivery-status" */
  contentType: string;
  /** the part's body, transfer encoding decoded */
  content: Uint8Array;
}

export interface FeedbackMail {
  /** the message's own header fields, in order */
  headers: Header[];
  /** the human-readable text: the text/plain parts, or the HTML made text when there are none; at most TEXT_SCAN_LIMIT */
  text: string;
  /** every part that is not inline text, in order */
  parts: MailPart[];
}

export type ReadResult = { mail: FeedbackMail } | { tooLarge: string };

const LIMIT_ERRORS: Record<string, string> = {
  EMAXPARTCOUNT: `it has more than ${MAIL_LIMITS.maxParts} MIME parts`,
  EMAXNESTINGDEPTH: `its MIME parts are nested more than ${MAIL_LIMITS.maxDepth} deep`,
  EMAXHEADERSIZE: `its headers are larger than ${MAIL_LIMITS.maxHeaderBytes / 1024} KB`,
};

/** "12.3 MB" */
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function htmlText(html: string): string {
  return convert(html.slice(0, HTML_SCAN_LIMIT), {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

function asBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** Reads a mail within MAIL_LIMITS, or says which limit it breaks (nothing else is read then). */
export async function readFeedbackMail(raw: Buffer): Promise<ReadResult> {
  if (raw.length > MAIL_LIMITS.maxBytes) return { tooLarge: `it is ${megabytes(raw.length)}, over the ${megabytes(MAIL_LIMITS.maxBytes)} limit for one message` };
  try {
    const email = await PostalMime.parse(raw, {
      // Every returned original stays a part of its own, in DSNs, ARF and the non-standard bounces alike.
      forceRfc822Attachments: true,
      maxPartCount: MAIL_LIMITS.maxParts,
      maxNestingDepth: MAIL_LIMITS.maxDepth,
      maxHeadersSize: MAIL_LIMITS.maxHeaderBytes,
      attachmentEncoding: 'arraybuffer',
    });
    // postal-mime sets `text` when there is a text/plain part; an HTML-only mail has `html` alone.
    const text = email.text ?? (email.html === undefined ? '' : htmlText(email.html));
    return {
      mail: {
        headers: email.headers.map((h) => ({ name: h.key, value: h.value })),
        text: text.slice(0, TEXT_SCAN_LIMIT),
        parts: email.attachments.map((a) => ({ contentType: a.mimeType.toLowerCase(), content: asBytes(a.content) })),
      },
    };
  } catch (error) {
    const reason = LIMIT_ERRORS[(error as PostalMimeError).code];
    if (reason !== undefined) return { tooLarge: reason };
    throw error;
  }
}

/** A part's body as text (report parts are ASCII, or UTF-8 for the "global" report types). */
export function partText(part: MailPart): string {
  return new TextDecoder('utf-8').decode(part.content);
}

/** The header fields of a returned original (a message/rfc822 or text/rfc822-headers part). */
export function partHeaders(part: MailPart): Header[] {
  const head = Buffer.from(part.content.subarray(0, ORIGINAL_HEAD_LIMIT)).toString('utf8');
  return parseHeaderBlock(head.split(/\r?\n\r?\n/)[0] ?? '');
}
