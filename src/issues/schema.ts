import { z } from 'astro/zod';
import { calendarDate, draftFlag, httpsUrl, text, type SchemaHelpers } from '../content/fields.ts';
import { TIME_OF_DAY } from '../lib/time-zone.ts';

/** Longest subject line we allow: RFC 5322's recommended line length. */
export const MAX_SUBJECT_LENGTH = 78;

/** A link to an article elsewhere, with the editor's commentary. */
export const pickSchema = z.strictObject({
  title: text({ max: 200, hint: "the article's own headline" }).describe("The article's headline, as published."),
  url: httpsUrl('the address of the article').describe('Address of the article (https).'),
  author: text({ max: 120, hint: 'who wrote the article ("Staff" if unsigned)' }).describe('Who wrote it.'),
  source: text({ max: 80, hint: 'the publication, e.g. Harvard Business Review' }).describe('Where it was published.'),
  summary: text({ min: 30, max: 400, hint: 'two or three sentences, in your own words, on what the article says' })
    .describe('What the article says, in our words.'),
  comment: text({ min: 20, max: 1200, hint: 'your commentary: why it matters to a customer-service team' })
    .describe('The editor\'s commentary ("My comment: ..."). Markdown allowed: *emphasis*, [links](https://...).'),
});

export type Pick = z.infer<typeof pickSchema>;

/**
 * One weekly issue. File: content/issues/<number>.md (three digits), or .mdx when the body uses
 * a component; the body is the optional editor's note. An archive issue (`archived: true`,
 * moved in from an earlier platform) may stand on its picks without a tip, under its own title.
 */
export function issueSchema<I extends z.ZodType, R extends z.ZodType>({ reference }: SchemaHelpers<I, R>) {
  return z.strictObject({
    number: z
      .number({ error: 'must be a whole number, e.g. 7 (no quotes, no #)' })
      .int({ error: 'must be a whole number, e.g. 7' })
      .positive({ error: 'must be 1 or more' })
      .describe('Issue number, counting up by one each week.'),
    date: calendarDate('the week the issue goes out, YYYY-MM-DD').describe(
      'Day the issue is published and sent. Hidden until then.',
    ),
    sendAt: z
      .string({ error: 'must be a time of day in quotes, written HH:MM (24-hour clock), e.g. "06:00"' })
      .regex(TIME_OF_DAY, { error: 'must be a time of day written HH:MM (24-hour clock), e.g. "06:00" or "17:30"' })
      .optional()
      .describe('Local time on `date` when `npm run send -- --issue due` may mail the issue, HH:MM in the time zone of src/config/site.ts (timeZone). Default: sendTime there (06:00).'),
    subject: text({ max: MAX_SUBJECT_LENGTH, hint: 'the email subject line' }).optional()
      .describe('Email subject. Default: "Tip of the Week #N: <tip title>".'),
    preheader: text({ max: 150, hint: 'the preview line mail apps show after the subject' }).optional()
      .describe('Preview text shown after the subject in the inbox. Default: the tip\'s takeaway.'),
    tip: reference('tips').optional()
      .describe('File name of this week\'s tip in content/tips/, without .mdx. Only an archive issue may have none.'),
    title: text({ min: 5, max: 90, hint: 'the headline of an issue without a tip, e.g. the old post\'s title' }).optional()
      .describe('Headline of an archive issue without a tip, shown in lists, feeds and the email subject. An issue with a tip takes the tip\'s title.'),
    picks: z
      .array(pickSchema, { error: (issue) => (issue.input === undefined ? 'is required: 3 to 10 picks (see the template in README)' : 'must be a list of picks (see the template in README)') })
      .min(3, { error: 'needs at least 3 picks: add more reading or hold the issue as a draft' })
      .max(10, { error: 'has more than 10 picks: keep the best ones, readers skim the rest' })
      .describe('3 to 10 links to articles elsewhere, each with our summary and comment.'),
    fromTheArchive: reference('tips').optional()
      .describe('Optional older tip to resurface at the end of the issue.'),
    archived: z.boolean({ error: 'must be true or false' }).default(false)
      .describe('true for an issue moved in from an earlier platform (npm run import): it was mailed from there, so `npm run send -- --issue due` never mails it again. It may have no tip, with a title instead.'),
    draft: draftFlag,
  }).superRefine((issue, ctx) => {
    if (issue.tip === undefined && !issue.archived) {
      ctx.addIssue({ code: 'custom', path: ['tip'], message: 'is required: the file name of this week\'s tip in content/tips/ (only an archive issue, archived: true, may have none)' });
    } else if (issue.tip === undefined && issue.title === undefined) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required when the issue has no tip: the headline readers see in lists, feeds and the email subject' });
    } else if (issue.tip !== undefined && issue.title !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is set, but the issue has a tip, whose title is the headline: remove title (or use subject: for the email)' });
    }
  });
}
