/** Email addresses as we store them: trimmed, lowercased, and plausibly deliverable. Pure. */

export const MAX_EMAIL_LENGTH = 254;

export type AddressCheck = { ok: true; email: string } | { ok: false; message: string };

/** Normalizes and checks an address typed into a form or a CSV row. */
export function checkEmailAddress(input: unknown): AddressCheck {
  if (typeof input !== 'string' || input.trim() === '') return { ok: false, message: 'Please enter your email address.' };
  const email = input.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH) return { ok: false, message: `That address is too long (at most ${MAX_EMAIL_LENGTH} characters).` };
  // One @, no spaces or control characters, a dotted domain without empty labels.
  const match = /^([^\s@"(),:;<>[\\\]\u0000-\u001f]+)@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/.exec(email);
  if (!match || match[1]!.startsWith('.') || match[1]!.endsWith('.') || match[1]!.includes('..') || !/\.[a-z]{2,}$/.test(match[2]!)) {
    return { ok: false, message: 'That does not look like an email address. Check for typos, e.g. name@example.com.' };
  }
  return { ok: true, email };
}

/**
 * Text from a form, safe to store and to print on a terminal: control characters (C0, DEL,
 * C1), bidirectional overrides and isolates (which can make "moc.elpmaxe" read backwards) and
 * other invisible format characters become spaces; runs of space collapse.
 */
export function cleanText(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A first name safe for headers and HTML once escaped: no control or direction characters, at most 80 characters. */
export function cleanFirstName(input: unknown): { ok: true; firstName: string | undefined } | { ok: false; message: string } {
  if (input === undefined || input === null) return { ok: true, firstName: undefined };
  if (typeof input !== 'string') return { ok: false, message: 'Please enter your first name as text.' };
  const name = cleanText(input);
  if (name.length > 80) return { ok: false, message: 'That first name is too long (at most 80 characters).' };
  return { ok: true, firstName: name === '' ? undefined : name };
}
