/**
 * Text as both engines store it. PostgreSQL refuses U+0000 in text ("invalid byte sequence for encoding
 * UTF8: 0x00") while SQLite keeps it, so one stray NUL in a bounce's diagnostic stopped every run on
 * PostgreSQL and every copy to it (security review 2, finding 4). Both engines therefore write a NUL as the
 * six characters `\u{0}`, the escape printable() shows for it: nothing is dropped, and the same text is
 * stored on either engine.
 */
import type { SqlValue } from './database.ts';

const NUL = '\u0000';
export const NUL_ESCAPE = '\\u{0}';

/** Whether a value is text that holds a NUL. */
export const holdsNul = (value: unknown): value is string => typeof value === 'string' && value.includes(NUL);

/** A bound value as it is stored: text with its NULs escaped, anything else unchanged. */
export function storable(value: SqlValue): SqlValue {
  return holdsNul(value) ? value.replaceAll(NUL, NUL_ESCAPE) : value;
}
