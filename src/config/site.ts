/**
 * The publication's settings, in one place. Edit this file to make the
 * publication yours. What differs per deployment can come from the environment
 * instead: `SITE_URL` overrides `url`, `POSTAL_ADDRESS` overrides `postalAddress` and
 * `TIME_ZONE` overrides `timeZone`
 * (see env.ts). The shape is checked by `siteConfigSchema` when the site builds.
 */
import { z } from 'astro/zod';
import { TIME_OF_DAY, isTimeZone } from '../lib/time-zone.ts';
import { envSchema } from './env.ts';

export const siteConfigSchema = z.strictObject({
  /** Shown in the header, the feed title and every page title. */
  title: z.string().min(1).describe('Name of the publication, shown in the header, page titles and the feed.'),
  /** One sentence for the home page, meta description and feed description. */
  description: z.string().min(1).describe('One sentence describing the publication.'),
  /** Public address of the site, with https and no trailing path. */
  url: z.url({ protocol: /^https?$/ }).describe('Public URL of the site, e.g. https://tips.example.com'),
  /** BCP 47 language tag of the content, e.g. en or en-GB. */
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).describe('Language of the content, e.g. "en".'),
  editor: z
    .strictObject({
      name: z.string().min(1).describe("Editor's name, used in the feed and the email's signature."),
      email: z.email().describe('Where readers reply; used as the feed managingEditor and the email Reply-To.'),
    })
    .describe('Who edits the publication.'),
  /** Required by anti-spam law (CAN-SPAM) in every email footer. */
  postalAddress: z.string().min(10).describe("Publisher's postal address, printed in every email footer."),
  social: z
    .strictObject({
      x: z.string().regex(/^@?\w{1,15}$/).optional().describe('X (Twitter) handle, e.g. @tipoftheweek.'),
      linkedin: z.url().optional().describe('LinkedIn page URL.'),
      mastodon: z.url().optional().describe('Mastodon profile URL (adds rel="me").'),
    })
    .describe('Social profiles linked in the footer and used for Twitter cards.'),
  /** How many items a list page shows before paginating. */
  pageSize: z.number().int().min(1).max(100).default(10).describe('Items per page on archive, tag and author lists.'),
  /**
   * How many of the newest items each feed carries. Feed readers poll a feed every hour or so and
   * only ever show what is new, so a feed of the whole archive costs every reader (and the build)
   * more with each week and gives them nothing; the archive itself stays on the site.
   */
  feedItems: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(20)
    .describe('How many of the newest items the main feed and each tag feed carry; older ones stay in the archive on the site.'),
  /** IANA name of the zone the publication keeps time in; each issue's `sendAt` is a local time there. */
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone name such as Europe/Berlin or America/New_York' })
    .default('UTC')
    .describe('Time zone of the publication, e.g. America/Los_Angeles: issues go out at their sendAt time there.'),
  /** When an issue without its own `sendAt` goes out on its day, in `timeZone`. */
  sendTime: z
    .string()
    .regex(TIME_OF_DAY, { error: 'must be a time of day written HH:MM (24-hour clock), e.g. "06:00"' })
    .default('06:00')
    .describe('Default local send time of an issue on its date (HH:MM, 24-hour clock); an issue may set its own sendAt.'),
});

export type SiteConfig = z.infer<typeof siteConfigSchema>;

/**
 * The per-deployment values from the environment. They are read here, once, because pages and emails bake
 * them in when the site builds and every command shares these settings; a bad value is left out here and
 * reported, with what to do, by the command's own check of the environment (parseEnv).
 */
const deployment = envSchema.pick({ SITE_URL: true, POSTAL_ADDRESS: true, TIME_ZONE: true }).safeParse(process.env);
const fromEnvironment = deployment.success ? deployment.data : {};

export const site: SiteConfig = siteConfigSchema.parse({
  title: 'Tip of the Week',
  description: 'One practical customer-service lesson every week, plus the best reading on serving people well.',
  url: fromEnvironment.SITE_URL ?? 'https://tips.example.com',
  lang: 'en',
  editor: { name: 'Dana Whitfield', email: 'editor@tips.example.com' },
  postalAddress: fromEnvironment.POSTAL_ADDRESS ?? 'Tip of the Week, 100 Example Street, Suite 4, Springfield, OR 97477, USA',
  social: { x: '@tipoftheweek', linkedin: 'https://www.linkedin.com/company/example' },
  pageSize: 10,
  feedItems: 20,
  timeZone: fromEnvironment.TIME_ZONE ?? 'America/Los_Angeles',
  sendTime: '06:00',
});
