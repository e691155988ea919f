import { z } from 'astro/zod';
import { calendarDate, draftFlag, text, type SchemaHelpers } from '../content/fields.ts';

/** A tag as written by the editor: a short lowercase phrase. */
export const tagField = text({ max: 40, hint: 'a short topic such as "complaints" or "listening"' }).regex(
  /^[\p{Ll}\p{N}][\p{Ll}\p{N} '&-]*$/u,
  { error: 'must be lowercase words (letters, numbers, spaces, hyphens), e.g. "first impressions"' },
);

/**
 * Every field but the hero image, built once per `reference` helper: Astro calls the
 * collection's schema function once per entry (its `image()` resolves paths against that
 * entry's file), and building these fields took 0.3 ms a tip, 0.3 s of a 1,000-tip build.
 */
const fieldsByReference = new WeakMap<object, ReturnType<typeof tipFields>>();

function tipFields<R extends z.ZodType>(reference: SchemaHelpers<z.ZodType, R>['reference']) {
  return {
    title: text({ min: 5, max: 90, hint: 'the headline of the tip' }).describe('Headline, also used in the email subject.'),
    date: calendarDate('the day the tip is published, YYYY-MM-DD').describe(
      'Publication date. The tip stays hidden until this day.',
    ),
    summary: text({ min: 30, max: 280, hint: 'one or two sentences shown in lists, search results and link previews' })
      .describe('Teaser for lists, meta description and social cards.'),
    takeaway: text({ min: 10, max: 160, hint: 'the one-line bottom line a reader should remember' })
      .describe('The lesson in one sentence, shown in a box on the page and at the top of the email.'),
    tags: z
      .array(tagField, { error: (issue) => (issue.input === undefined ? 'is required: 1 to 6 lowercase topics, e.g. [complaints, listening]' : 'must be a list, e.g. [complaints, listening]') })
      .min(1, { error: 'needs at least one tag so readers can find related tips' })
      .max(6, { error: 'has too many tags (at most 6): keep the ones a reader would browse by' })
      .describe('Topics, lowercase. Each gets a page and a feed.'),
    author: reference('authors').describe('File name of the author in content/authors/, e.g. dana-whitfield.'),
    heroAlt: text({ max: 200, hint: 'describe the image for readers who cannot see it' }).optional()
      .describe('Alternative text for the hero image; required when hero is set.'),
    series: text({ max: 40, hint: 'a series name such as "Guest post"' }).optional()
      .describe('Optional series label shown above the title, e.g. "Guest post".'),
    draft: draftFlag,
  };
}

/** One weekly lesson. File: content/tips/<slug>.mdx; the body is the lesson itself. */
export function tipSchema<I extends z.ZodType, R extends z.ZodType>({ image, reference }: SchemaHelpers<I, R>) {
  let fields = fieldsByReference.get(reference) as ReturnType<typeof tipFields<R>> | undefined;
  if (!fields) {
    fields = tipFields(reference);
    fieldsByReference.set(reference, fields);
  }
  const { heroAlt, series, draft, ...before } = fields;
  return z
    .strictObject({
      ...before,
      hero: image().optional().describe('Optional picture stored in the repository next to the tip, e.g. ./images/x.jpg.'),
      heroAlt,
      series,
      draft,
    })
    .superRefine((tip, ctx) => {
      if (tip.hero !== undefined && tip.heroAlt === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['heroAlt'],
          message: 'is required when hero is set: describe the image for readers who cannot see it',
        });
      }
      if (tip.heroAlt !== undefined && tip.hero === undefined) {
        ctx.addIssue({ code: 'custom', path: ['heroAlt'], message: 'is set but hero is not: add the image or remove heroAlt' });
      }
    });
}
