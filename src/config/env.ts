/**
 * Every environment variable the project reads, in one schema, read once at the edge
 * (astro.config.mjs, the server's start, each CLI's main) and passed in from there.
 * Nothing else in src/ looks at process.env.
 */
import { z } from 'astro/zod';
import { CliError } from '../cli/errors.ts';
import { isTimeZone } from '../lib/time-zone.ts';
import { zodIssueLines } from '../lib/zod-errors.ts';

const flagOrCount = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const value = (v ?? '').trim().toLowerCase();
    if (['', '0', 'false', 'no', 'off'].includes(value)) return 0;
    if (['true', 'yes', 'on'].includes(value)) return 1;
    const n = Number(value);
    if (Number.isInteger(n) && n >= 0 && n <= 10) return n;
    ctx.addIssue({ code: 'custom', message: 'must be the number of proxies in front of the server (0, 1, 2…)' });
    return z.NEVER;
  });

/** Defaults shared by `npm start`, `npm run serve` and `npm run dev`. */
export const DEFAULT_HOST = 'localhost';
export const DEFAULT_PORT = 4321;
/** Where the build leaves the emails for the sender and the server (relative to the project root). */
export const DEFAULT_EMAIL_DIR = 'build/email';

export const envSchema = z.object({
  NODE_ENV: z.string().optional().describe('"production" makes missing secrets an error instead of a development default.'),
  SITE_URL: z
    .url({ protocol: /^https?$/, error: 'SITE_URL must be an absolute http(s) URL such as https://tips.example.com' })
    .optional()
    .describe('Public address of the site; overrides the configured URL for feeds, canonical links and every link in emails.'),
  POSTAL_ADDRESS: z
    .string()
    .trim()
    .min(10, { error: 'POSTAL_ADDRESS must be the postal address printed in every email footer, e.g. "Acme Support Ltd, 12 Harbour Road, Bristol BS1 4RN, UK"' })
    .optional()
    .describe("Publisher's postal address for every email footer (anti-spam law asks for one); overrides postalAddress in src/config/site.ts. Emails are built with it: set it for `npm run build`."),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: 'TIME_ZONE must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC' })
    .optional()
    .describe("The publication's time zone, in which each issue's sendAt is read; overrides timeZone in src/config/site.ts. Emails are built with it: set it for `npm run build`."),
  HOST: z.string().min(1).default(DEFAULT_HOST).describe('Interface the server listens on.'),
  PORT: z.coerce.number().int().min(1).max(65535).default(DEFAULT_PORT).describe('Port the server listens on.'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:)?[^:]+$|^:memory:$|^postgres(ql)?:\/\/.+/, { error: 'DATABASE_URL must be a SQLite file such as file:data/tips.db or a PostgreSQL URL such as postgres://user:pass@host:5432/tips' })
    .default('file:data/tips.db')
    .describe('SQLite file (default) or PostgreSQL URL.'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10).describe('PostgreSQL connections per process.'),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600_000)
    .default(5000)
    .describe('How long a statement of the server waits for another process\'s write lock on the SQLite file before failing with "database is locked" (default 5000).'),
  SUBSCRIPTION_SECRET: z
    .string()
    .min(32, { error: 'SUBSCRIPTION_SECRET must be at least 32 characters: generate one with `openssl rand -hex 32`' })
    .optional()
    .describe('Signs confirmation and unsubscribe links. Required in production.'),
  SECRET_FILE: z.string().default('data/subscription-secret').describe('Where development keeps its generated secret.'),
  SUPPRESSION_KEY: z
    .string()
    .min(32, { error: 'SUPPRESSION_KEY must be at least 32 characters: generate one with `openssl rand -hex 32`' })
    .optional()
    .describe('Keys the hashes of erased addresses in the suppression list. Required in production; never change it.'),
  SUPPRESSION_KEY_FILE: z.string().default('data/suppression-key').describe('Where development keeps its generated suppression key.'),
  MAIL_TRANSPORT: z
    .enum(['smtp', 'ses'], { error: 'MAIL_TRANSPORT must be "smtp" (SMTP_URL, or .eml files without it) or "ses" (Amazon SES API v2)' })
    .default('smtp')
    .describe('How mail leaves: "smtp" through SMTP_URL (or .eml files in OUTBOX_DIR when it is unset), or "ses" through the Amazon SES API v2.'),
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'AWS_REGION must be an AWS region such as eu-west-1 or us-east-1' })
    .optional()
    .describe('The SES region (MAIL_TRANSPORT=ses). Credentials come from the AWS SDK\'s usual chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance or task role.'),
  AWS_ENDPOINT_URL: z
    .url({ protocol: /^https?$/, error: 'AWS_ENDPOINT_URL must be an http(s) URL such as https://vpce-0123.email.eu-west-1.vpce.amazonaws.com' })
    .optional()
    .describe("The AWS SDK's own setting for another endpoint (a VPC endpoint, or the local SES emulator in tests); read here too so logs name where mail goes."),
  SES_CONFIGURATION_SET: z.string().min(1).max(64).optional().describe('SES configuration set for every message (event publishing, dedicated IPs); none when unset.'),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465' })
    .optional()
    .describe('SMTP relay. Without it, mail is written to OUTBOX_DIR as .eml files.'),
  MAIL_FROM: z.string().min(3).optional().describe('From header; default "<publication>" <editor email>.'),
  REPLY_TO: z.email({ error: 'REPLY_TO must be one email address, e.g. editor@example.com' }).optional().describe("Reply-To header; default the editor's address."),
  OUTBOX_DIR: z.string().default('outbox').describe('Folder for .eml files when no SMTP_URL is set (development).'),
  EMAIL_DIR: z.string().default(DEFAULT_EMAIL_DIR).describe('Where the build writes the emails and the sender and server read them.'),
  CLICK_COUNTS: z
    .enum(['0', '1'], { error: 'CLICK_COUNTS must be 1 (count clicks on picks, see docs/clicks.md) or 0 (off)' })
    .default('0')
    .describe('1: pick links in issue emails go through /r/<issue>/<pick> and clicks are counted per issue and pick, with no personal data (docs/clicks.md). Set it for `npm run build` (the signup page says so), `npm run send` and `npm run serve`.'),
  SUBSCRIBE_RATE_LIMIT: z.coerce.number().int().min(0).default(5).describe('Sign-ups per IP per window; 0 turns the limit off.'),
  TRUST_PROXY: flagOrCount.describe('Number of reverse proxies in front of the server whose X-Forwarded-For entries are trusted (0 = none).'),
  REQUEST_TIMEOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .default(30)
    .describe('A request (headers and body) must arrive within this many seconds, its headers within 10; slower clients are answered 408 and disconnected.'),
  MAX_CONNECTIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(512)
    .describe('Open connections the server accepts at once; more are closed at once. Keep it well under the open-files limit (`ulimit -n`).'),
  OUTBOX_LEASE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .optional()
    .describe('How long a server holds a claimed outbox row before another server may take it (default 30): a row left by a crashed server is retried after this.'),
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(1).optional().describe('First retry delay of an outbox email after a temporary failure (default 1000); each further attempt waits four times longer.'),
  OUTBOX_RETRY_MAX_MS: z.coerce.number().int().min(1).optional().describe('Longest wait between two attempts of an outbox email (default 600000, ten minutes).'),
  DKIM_DOMAIN: z.string().min(1).optional().describe('DKIM signing domain (all three DKIM settings or none).'),
  DKIM_SELECTOR: z.string().min(1).optional().describe('DKIM selector.'),
  DKIM_PRIVATE_KEY: z.string().min(1).optional().describe('DKIM private key (PEM), or use DKIM_PRIVATE_KEY_FILE.'),
  DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional().describe('File holding the DKIM private key.'),
  BOUNCE_ADDRESS: z
    .email({ error: 'BOUNCE_ADDRESS must be one plain address such as bounces@tips.example.com' })
    .refine((v) => !v.split('@')[0]!.includes('+'), { error: 'BOUNCE_ADDRESS must not contain "+": each message adds "+<token>" to it (VERP). Use e.g. bounces@tips.example.com' })
    .optional()
    .describe('Envelope sender for bounces: each message goes out from bounces+<signed token>@domain (VERP), so `npm run bounces` knows whose mail bounced. Mail to bounces+*@domain must reach that command. Unset: bounces go to the From address.'),
  BOUNCE_IMAP_PASSWORD: z
    .string()
    .min(1)
    .optional()
    .describe('Password of the bounce mailbox that `npm run bounces -- imaps://user@host/INBOX` reads (never put it in the URL).'),
  SES_SNS_TOPIC_ARNS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const arns = (v ?? '').split(',').map((a) => a.trim()).filter(Boolean);
      for (const arn of arns) {
        if (!/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/.test(arn)) {
          ctx.addIssue({ code: 'custom', message: `"${arn}" is not an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:tips-ses-feedback` });
          return z.NEVER;
        }
      }
      return arns;
    })
    .describe('Comma-separated SNS topic ARNs whose SES notifications POST /webhooks/ses accepts; every other topic is refused. Unset: the webhook refuses every message.'),
});

export type Env = z.infer<typeof envSchema>;

/** A setting is missing or wrong; the message names it and what to set. */
export class ConfigError extends CliError {}

/** Parses the environment; throws one readable message listing every bad variable. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(env);
  if (!result.success) throw new ConfigError(`Invalid settings in the environment:\n${zodIssueLines(result.error).join('\n')}`);
  return result.data;
}

/** The site's public URL: SITE_URL when set, the configured one otherwise, without a trailing slash. */
export function resolveSiteUrl(configured: string, env: Pick<Env, 'SITE_URL'>): string {
  return (env.SITE_URL ?? configured).replace(/\/+$/, '');
}

/**
 * Where a running server's links and form checks point. SITE_URL, or in production the
 * configured URL; outside production without SITE_URL, the server's own configured address
 * (HOST and PORT, never a request's Host header), so `npm start` works on a laptop: the
 * signup form posts to it and the emailed links open it.
 */
export function serverSiteUrl(configured: string, env: Pick<Env, 'SITE_URL' | 'NODE_ENV' | 'HOST' | 'PORT'>): string {
  if (env.SITE_URL || env.NODE_ENV === 'production') return resolveSiteUrl(configured, env);
  return localOrigin(env);
}

/** The server's own address from HOST and PORT (a wildcard HOST is reached as localhost), e.g. http://localhost:4321. */
export function localOrigin(env: Pick<Env, 'HOST' | 'PORT'>): string {
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}
