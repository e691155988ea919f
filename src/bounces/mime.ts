/**
 * A small MIME reader for feedback mail. Reports (RFC 3464 DSNs, RFC 5965 ARF) carry their meaning in the
 * part structure — a message/delivery-status part, a message/feedback-report part, the returned message or its
 * headers — and general-purpose parsers (mailparser) fold message/delivery-status into the text body, so the
 * structure is read here: headers unfolded, multipart split by boundary, transfer encodings and charsets
 * decoded. Nested message/rfc822 parts are kept as raw bytes; call parseMime on them when needed.
 */

export interface Header {
  /** lowercased field name */
  name: string;
  /** unfolded value, encoded words left as they are */
  value: string;
}

export interface MimePart {
  headers: Header[];
  /** lowercased media type, e.g. "multipart/report"; "text/plain" when absent */
  contentType: string;
  /** Content-Type parameters, names lowercased */
  params: Record<string, string>;
  /** body after Content-Transfer-Encoding decoding (empty for multiparts) */
  body: Buffer;
  /** child parts of a multipart */
  parts: MimePart[];
}

/** Splits raw message bytes into the header block and the body at the first empty line. */
function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const text = raw.toString('latin1');
  const match = /\r?\n\r?\n/.exec(text);
  if (match === null) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, match.index), body: raw.subarray(match.index + match[0].length) };
}

/** Parses a header block (fields with folded continuation lines) into name/value pairs. */
export function parseHeaderBlock(block: string): Header[] {
  const headers: Header[] = [];
  for (const line of block.split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last !== undefined) {
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return headers;
}

/**
 * Parses "field: value" groups separated by empty lines, as in message/delivery-status
 * (one per-message group, then one group per recipient).
 */
export function parseFieldGroups(text: string): Header[][] {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((group) => parseHeaderBlock(group.replace(/^\s*\r?\n/, '')))
    .filter((group) => group.length > 0);
}

/** The first value of a header, or undefined. */
export function header(headers: Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name === lower)?.value;
}

/** All values of a header, in order. */
export function headerAll(headers: Header[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name === lower).map((h) => h.value);
}

/** Parses a Content-Type value into its lowercased media type and parameters. */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (value === undefined || value.trim() === '') return { type: 'text/plain', params: {} };
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  const paramText = rest.join(';');
  const pattern = /([a-z0-9*_.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/gi;
  for (const match of paramText.matchAll(pattern)) {
    const name = match[1]?.toLowerCase();
    const raw = match[2] ?? '';
    if (name === undefined) continue;
    params[name] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeTransfer(body: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^a-z0-9+/=]/gi, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

/** Decodes bytes in a charset; unknown charsets (e.g. unicode-1-1-utf-7) fall back to UTF-8, which keeps ASCII. */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? 'utf-8').trim().toLowerCase();
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Decodes RFC 2047 encoded words (=?charset?B|Q?text?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bq]\?[^?]*\?=)\s+(?==\?)/gi, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi, (_all, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toLowerCase() === 'b'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(Buffer.from(text.replace(/_/g, ' '), 'latin1'));
      return decodeCharset(bytes, charset);
    });
}

/** Guards against pathological nesting in hostile input. */
const MAX_DEPTH = 12;

/** Parses raw message bytes into a MIME tree. */
export function parseMime(raw: Buffer, depth = 0): MimePart {
  const { head, body } = splitHead(raw);
  const headers = parseHeaderBlock(head);
  const { type, params } = parseContentType(header(headers, 'content-type'));
  const boundary = params['boundary'];
  if (type.startsWith('multipart/') && boundary !== undefined && depth < MAX_DEPTH) {
    return { headers, contentType: type, params, body: Buffer.alloc(0), parts: splitMultipart(body, boundary, depth) };
  }
  return {
    headers,
    contentType: type,
    params,
    body: decodeTransfer(body, header(headers, 'content-transfer-encoding')),
    parts: [],
  };
}

function splitMultipart(body: Buffer, boundary: string, depth: number): MimePart[] {
  const text = body.toString('latin1');
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: MimePart[] = [];
  let start: number | undefined;
  for (const match of text.matchAll(delimiter)) {
    if (start !== undefined) {
      const partText = text.slice(start, match.index).replace(/^\r?\n/, '');
      parts.push(parseMime(Buffer.from(partText, 'latin1'), depth + 1));
    }
    if (match[1] === '--') return parts;
    start = match.index + match[0].length;
  }
  // A truncated report (no closing delimiter) still yields the parts it has.
  if (start !== undefined) {
    const partText = text.slice(start).replace(/^\r?\n/, '');
    if (partText.trim() !== '') parts.push(parseMime(Buffer.from(partText, 'latin1'), depth + 1));
  }
  return parts;
}

/** Every part in the tree, depth first, the root included. */
export function walkParts(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(walkParts)];
}

/** A text part's body as a string, decoded with its charset. */
export function partText(part: MimePart): string {
  return decodeCharset(part.body, part.params['charset']);
}

/** The headers of a message/rfc822 or text/rfc822-headers part (the returned original message). */
export function embeddedHeaders(part: MimePart): Header[] {
  return parseHeaderBlock(splitHead(part.body).head);
}
