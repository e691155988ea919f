import { z } from 'astro/zod';
import { httpsUrl, text, type SchemaHelpers } from '../content/fields.ts';

/** An author of tips. Guest authors are ordinary authors. File: content/authors/<id>.yaml */
export function authorSchema<I extends z.ZodType, R extends z.ZodType>({ image }: SchemaHelpers<I, R>) {
  return z.strictObject({
    name: text({ max: 80, hint: "the author's name as readers should see it" }).describe("The author's display name."),
    bio: text({ min: 20, max: 400, hint: 'one or two sentences about the author, shown on tips and the author page' })
      .describe('A short biography in plain text.'),
    url: httpsUrl("the author's own site or profile").optional().describe("Optional link to the author's site."),
    avatar: image().optional().describe('Optional square portrait stored next to the file, e.g. ./images/dana.jpg.'),
    guest: z.boolean({ error: 'must be true or false' }).default(false)
      .describe('true marks a guest author ("Guest post" is shown on their tips).'),
  });
}
