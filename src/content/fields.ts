/**
 * Field builders shared by the content schemas. Each one carries the message an
 * editor sees when the field is wrong: what is expected and how to fix it.
 */
import { z } from 'astro/zod';

/** Helpers that differ between Astro (real image and reference checks) and the standalone validator. */
export interface SchemaHelpers<Image extends z.ZodType = z.ZodType, Reference extends z.ZodType = z.ZodType> {
  /** Astro's `image()`; a plain path string outside Astro. */
  image: () => Image;
  /** Astro's `reference(collection)`; a plain id string outside Astro. */
  reference: (collection: 'tips' | 'authors') => Reference;
}

/** Helpers for validating outside Astro: references and images stay as strings and are checked by cross-checks. */
export const standaloneHelpers: SchemaHelpers = {
  image: () => z.string({ error: 'must be a path to an image file next to this entry, e.g. ./images/hero.jpg' }),
  reference: (collection) =>
    z.string({ error: `must be the file name (without extension) of an entry in content/${collection}/` }),
};

interface TextOptions {
  min?: number;
  max?: number;
  /** What the field is for, said when it is missing. */
  hint: string;
}

/** A required piece of text with length limits and a helpful message for each way it can be wrong. */
export function text({ min = 1, max = 10_000, hint }: TextOptions) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `is required: ${hint}` : `must be text: ${hint}`) })
    .trim()
    .min(min, { error: `is too short (at least ${min} characters): ${hint}` })
    .max(max, { error: `is too long (at most ${max} characters): shorten it` });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why `text` is not a day written as YYYY-MM-DD, in words for the editor; undefined when it is one.
 * Exported so the message can be pinned and reused.
 */
export function calendarDayProblem(text: string): string | undefined {
  const exact = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!exact) {
    const loose = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    const fix = loose ? `${loose[1]}-${loose[2]!.padStart(2, '0')}-${loose[3]!.padStart(2, '0')}` : 'YYYY-MM-DD, e.g. 2026-11-23';
    return `${text} is not written as YYYY-MM-DD (four-digit year, two-digit month, two-digit day): write it as ${fix}`;
  }
  const [year, month, day] = [Number(exact[1]), Number(exact[2]), Number(exact[3])];
  if (month < 1 || month > 12) return `${text} is not a day of the calendar (there is no month ${exact[2]}): write it as YYYY-MM-DD`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    return `${text} is not a day of the calendar (${MONTHS[month - 1]} ${year} has ${days} days): write it as YYYY-MM-DD`;
  }
  return undefined;
}

/**
 * A calendar day written exactly YYYY-MM-DD, quoted or not, as a Date at UTC midnight.
 * Nothing is coerced: "2026-02-30" is refused, not moved to March. Astro's YAML loader hands
 * unquoted dates over as Dates and rolls impossible ones over before any schema sees them; the
 * content guard reads the raw text first (YAML 1.2 core schema: dates stay strings), so such a
 * file stops the build before Astro loads it, with the same message as `npm run check`.
 */
export function calendarDate(hint: string) {
  return z
    .unknown()
    .transform((input, ctx): Date => {
      const fail = (message: string) => {
        ctx.addIssue({ code: 'custom', message, input });
        return z.NEVER;
      };
      if (input === undefined || input === null) return fail(`is required: ${hint}`);
      if (input instanceof Date) {
        if (Number.isNaN(input.getTime())) return fail('must be a date written as YYYY-MM-DD, e.g. 2026-11-23');
        if (input.getUTCHours() || input.getUTCMinutes() || input.getUTCSeconds() || input.getUTCMilliseconds()) {
          return fail(`${input.toISOString()} has a time of day: write only the day, as YYYY-MM-DD`);
        }
        return input;
      }
      if (typeof input !== 'string') return fail(`must be a date written as YYYY-MM-DD, e.g. 2026-11-23 (got ${JSON.stringify(input)})`);
      const problem = calendarDayProblem(input.trim());
      if (problem) return fail(problem);
      return new Date(`${input.trim()}T00:00:00Z`);
    });
}

/** An https URL (an http one is refused: readers and mail filters distrust it). */
export function httpsUrl(hint: string) {
  return z.url({
    protocol: /^https$/,
    error: (issue) =>
      issue.input === undefined
        ? `is required: ${hint}`
        : `must be a full https:// address (got "${String(issue.input)}"): copy the link from the browser's address bar`,
  });
}

/** The `draft` flag shared by tips and issues. */
export const draftFlag = z
  .boolean({ error: 'must be true or false' })
  .default(false)
  .describe('true keeps the entry out of every public page, feed and email until you set it to false.');
