/**
 * Text from outside (a CSV cell, a stored form field) made safe to print on a terminal:
 * control characters (which can move the cursor, recolour or clear the screen) and
 * bidirectional or invisible format characters (which can make text read backwards) are
 * shown as \u{…} escapes instead of being obeyed.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
