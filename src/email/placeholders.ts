/**
 * Per-recipient values in a rendered email. The build leaves placeholders such as
 * {{unsubscribe_url}} and {{first_name|there}} (with a fallback); the sender fills
 * them for each recipient. Pure, and strict: a placeholder that survives is an error.
 */
import { escapeHtml } from '../lib/html.ts';

export const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*(?:\|([^}]*))?\}\}/g;

/** The values the sender knows about each recipient. */
export interface RecipientValues {
  unsubscribe_url?: string | undefined;
  /** The preference page ("Manage your subscription"). */
  manage_url?: string | undefined;
  first_name?: string | undefined;
  email?: string | undefined;
  confirm_url?: string | undefined;
}

export type Format = 'html' | 'text';

export class UnfilledPlaceholderError extends Error {
  readonly code = 'EPLACEHOLDER';
  readonly names: string[];
  constructor(names: string[]) {
    super(`The email still contains placeholders with no value: ${names.join(', ')}. Give them a value or a fallback ({{name|fallback}}).`);
    this.names = names;
  }
}


/** Cleans a value before it goes into a message: no line breaks, no control characters, trimmed. */
export function cleanValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Fills every placeholder; HTML values are escaped. Throws when one has neither a value nor a fallback. */
export function fillPlaceholders(template: string, values: RecipientValues, format: Format): string {
  const missing = new Set<string>();
  const out = template.replace(PLACEHOLDER, (match, name: string, fallback: string | undefined) => {
    const raw = (values as unknown as Record<string, string | undefined>)[name];
    const value = raw !== undefined && cleanValue(raw) !== '' ? cleanValue(raw) : fallback?.trim();
    if (value === undefined) {
      missing.add(name);
      return match;
    }
    return format === 'html' ? escapeHtml(value) : value;
  });
  if (missing.size) throw new UnfilledPlaceholderError([...missing]);
  return out;
}

/** Names of the placeholders in a template, for checks and the manifest. */
export function placeholderNames(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}
