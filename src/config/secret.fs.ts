/**
 * The token secret: SUBSCRIPTION_SECRET, or in development one generated once and kept
 * in SECRET_FILE. In production a missing secret is an error, never a silent default.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, type Env } from './env.ts';

export function resolveSecret(env: Pick<Env, 'SUBSCRIPTION_SECRET' | 'NODE_ENV' | 'SECRET_FILE'>): string {
  if (env.SUBSCRIPTION_SECRET) return env.SUBSCRIPTION_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'SUBSCRIPTION_SECRET is not set. In production the server needs a fixed secret to sign confirmation and unsubscribe links ' +
        '(a new one on every start would break the links in emails already sent). Set it, e.g. SUBSCRIPTION_SECRET=$(openssl rand -hex 32), and start again.',
    );
  }
  if (existsSync(env.SECRET_FILE)) return readFileSync(env.SECRET_FILE, 'utf8').trim();
  mkdirSync(dirname(env.SECRET_FILE), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(env.SECRET_FILE, `${secret}\n`, { mode: 0o600 });
  return secret;
}
