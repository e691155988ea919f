/**
 * Reads the environment once, at the edge (astro.config.mjs and scripts).
 * Nothing else in src/ looks at process.env: values are passed in.
 */
import { z } from 'astro/zod';

const envSchema = z.object({
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'SITE_URL must be an absolute http(s) URL such as https://tips.example.com' })
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  HOST: z.string().min(1).default('localhost'),
  MAIL_FROM: z.string().min(3).optional(),
  REPLY_TO: z.email({ error: 'REPLY_TO must be one email address, e.g. editor@example.com' }).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the variables the site cares about; throws a readable message on bad values. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The site's public URL: SITE_URL when set, the configured one otherwise, without a trailing slash. */
export function resolveSiteUrl(configured: string, env: Env): string {
  return (env.SITE_URL ?? configured).replace(/\/+$/, '');
}
