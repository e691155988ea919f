/**
 * Turns zod's issues for one entry into problems addressed to the editor: the field as an editor
 * counts it, and for a key the schema does not know, the nearest known one ("did you mean") and,
 * inside a pick, a pick's own fields rather than the issue's. Pure.
 */
import { z } from 'astro/zod';
import { fieldLine, type FieldPath } from './locate.ts';
import { closest } from './spelling.ts';
import type { ContentProblem } from './problems.ts';
import type { RawEntry } from './raw.ts';

/** "a tip", "an issue", "an author", "a pick". */
export const withArticle = (noun: string) => `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;

/** Optional, nullable and defaulted fields wrap the schema that says what the field holds. */
function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The field names of the object the schema expects at `path` (e.g. a pick's at ["picks", 0]). */
export function fieldsAt(schema: z.ZodType, path: FieldPath): string[] {
  let current: z.ZodType | undefined = schema;
  for (const part of path) {
    current = unwrap(current);
    if (typeof part === 'number') current = current instanceof z.ZodArray ? (current.element as z.ZodType) : undefined;
    else current = current instanceof z.ZodObject ? (current.shape[part] as z.ZodType | undefined) : undefined;
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/** What an editor calls the object at `path`: the entry's kind at the top, "pick" inside picks. */
const nounAt = (path: FieldPath, kind: string) => {
  const name = path.findLast((p): p is string => typeof p === 'string');
  return name === undefined ? kind : name.replace(/s$/, '');
};

const list = (names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(''));

/** One problem per zod issue; an "is required" for a field whose misspelling is already reported is left out. */
export function zodProblems(entry: RawEntry, error: z.ZodError, kind: string, schema: z.ZodType): ContentProblem[] {
  const file = entry.file;
  const at = (path: FieldPath) => {
    const line = fieldLine(entry.source, path);
    return line === undefined ? {} : { line };
  };
  const guessed = new Set<string>();
  const problems = error.issues.flatMap((issue): ContentProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const field = path.map(String).join('.');
    if (issue.code !== 'unrecognized_keys') return [{ file, field, severity: 'error', ...at(path), message: issue.message }];
    const known = fieldsAt(schema, path);
    const noun = nounAt(path, kind);
    return issue.keys.map((key) => {
      const guess = closest(key, known);
      if (guess) guessed.add([...path, guess].join('.'));
      const message = !guess
        ? `is not a field of ${withArticle(noun)}: remove it, or use one of ${known.join(', ')}`
        : path.length
          ? `is not a field of ${withArticle(noun)}: did you mean "${guess}"? (${withArticle(noun)} has ${list(known)})`
          : `is not a field of ${withArticle(noun)}: did you mean "${guess}"?`;
      return { file, field: field ? `${field}.${key}` : key, severity: 'error', ...at([...path, key]), message };
    });
  });
  return problems.filter((p) => !(guessed.has(p.field) && p.message.startsWith('is required')));
}
