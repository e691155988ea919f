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

/** A calendar date written as YYYY-MM-DD in frontmatter. */
export function calendarDate(hint: string) {
  return z.coerce.date({
    error: (issue) =>
      issue.input === undefined ? `is required: ${hint}` : 'must be a date written as YYYY-MM-DD, e.g. 2026-11-23',
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
