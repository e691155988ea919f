/**
 * Settings of the running server and the command-line tools (subscribers, send), read
 * from the environment once at the edge and checked here, with messages that say what to set.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'astro/zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

export const serverEnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:)?[^:]+$|^:memory:$/, { error: 'DATABASE_URL must be a SQLite file such as file:data/tips.db' })
    .default('file:data/tips.db'),
  SUBSCRIPTION_SECRET: z.string().min(32, { error: 'SUBSCRIPTION_SECRET must be at least 32 characters: generate one with `openssl rand -hex 32`' }).optional(),
  SECRET_FILE: z.string().default('data/subscription-secret'),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  REPLY_TO: z.email({ error: 'REPLY_TO must be one email address' }).optional(),
  OUTBOX_DIR: z.string().default('outbox'),
  EMAIL_DIR: z.string().default('build/email'),
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SUBSCRIBE_RATE_LIMIT: z.coerce.number().int().min(0).default(5),
  TRUST_PROXY: bool,
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class ConfigError extends Error {
  readonly code = 'ECONFIG';
}

export function parseServerEnv(env: Record<string, string | undefined>): ServerEnv {
  const result = serverEnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`Invalid settings:\n${result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return result.data;
}

/**
 * The token secret: SUBSCRIPTION_SECRET, or in development one generated once and kept
 * in SECRET_FILE. In production a missing secret is an error, never a silent default.
 */
export function resolveSecret(env: ServerEnv): string {
  if (env.SUBSCRIPTION_SECRET) return env.SUBSCRIPTION_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'SUBSCRIPTION_SECRET is not set. In production the server needs a fixed secret to sign confirmation and unsubscribe links ' +
        '(a new one on every start would break the links in emails already sent). Set it, e.g. SUBSCRIPTION_SECRET=$(openssl rand -hex 32), and start again.',
    );
  }
  if (existsSync(env.SECRET_FILE)) return readFileSync(env.SECRET_FILE, 'utf8').trim();
  mkdirSync(dirname(env.SECRET_FILE), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(env.SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}
