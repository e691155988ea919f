/**
 * "Name: value" fields as report parts carry them: the groups of a message/delivery-status part (RFC 3464), the
 * fields of a message/feedback-report part (RFC 5965) and the header block of a returned original. postal-mime
 * reads the MIME structure and hands these parts over as bytes; their fields are read here. Linear: one pass
 * over the lines.
 */

export interface Header {
  /** lowercased field name */
  name: string;
  /** unfolded value, encoded words left as they are */
  value: string;
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

/** The first value of a field, or undefined. */
export function header(headers: Header[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name === lower)?.value;
}

/** All values of a field, in order. */
export function headerAll(headers: Header[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name === lower).map((h) => h.value);
}
