/**
 * Our Message-IDs: `<key.nonce@host>`, where the key says what the message is (`issue-8.42.mx966wc8`,
 * `confirm.17`) and the nonce is 128 random bits in hex. Built here and recognised here.
 *
 * Why the nonce: a bounce or complaint that quotes a Message-ID is taken as proof that we sent that message to
 * that reader (when no BOUNCE_ADDRESS signs the return path). A Message-ID made only of counters and the send's
 * start time can be guessed from one's own copy, and then anyone could unsubscribe a reader whose address they
 * know (security review 2, finding 1). A random nonce cannot be guessed; nothing in one Message-ID tells another.
 */
import { randomBytes } from 'node:crypto';

const NONCE_BYTES = 16;
/** The nonce as the last dot-separated piece before the "@". */
const WITH_NONCE = new RegExp(`\\.[0-9a-f]{${NONCE_BYTES * 2}}@[^@<>\\s]+>?$`);

/** A fresh nonce for one message. */
export function messageIdNonce(): string {
  return randomBytes(NONCE_BYTES).toString('hex');
}

/** `<key.nonce@host>`; a new random nonce unless one is given (tests pin it). */
export function newMessageId(key: string, host: string, nonce: string = messageIdNonce()): string {
  return `<${key}.${nonce}@${host}>`;
}

/**
 * Whether a Message-ID (with or without angle brackets) has our random nonce, i.e. cannot have been guessed.
 * Message-IDs we sent before the nonce existed (`<confirm.17@host>`) answer false: they prove nothing.
 */
export function hasUnguessablePart(messageId: string): boolean {
  return WITH_NONCE.test(messageId.trim());
}
