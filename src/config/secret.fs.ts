/**
 * Secrets from the environment, or in development generated once and kept in a file only
 * the owner can read. In production a missing secret is an error, never a silent default;
 * a secret file that is too short or readable by others is refused.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, type Env } from './env.ts';

export const MIN_SECRET_LENGTH = 32;

interface SecretSource {
  /** The variable's name, for messages. */
  name: string;
  value: string | undefined;
  file: string;
  /** Why it must stay the same across restarts, for the production message. */
  why: string;
}

function resolve({ name, value, file, why }: SecretSource, nodeEnv: string | undefined): string {
  if (value) return value;
  if (nodeEnv === 'production') {
    throw new ConfigError(`${name} is not set. In production ${why}. Set it, e.g. ${name}=$(openssl rand -hex 32), and start again.`);
  }
  if (!existsSync(file)) {
    const created = createSecretFile(file);
    if (created) return created;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError(`${file} (the development ${name}) can be read by other users of this machine. Run \`chmod 600 ${file}\`, then start again.`);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${file} holds a ${name} of ${secret.length} characters; at least ${MIN_SECRET_LENGTH} are needed. Delete the file to have a new one generated (links in emails already sent stop working), or put a longer secret in it.`);
  }
  return secret;
}

/**
 * Writes a new secret to `file` unless one is already there, and returns it; undefined when
 * another process created the file first (two servers starting at once in development), whose
 * secret is then the one to use. The secret is written whole to a file of its own and linked
 * into place, which succeeds for exactly one process, so nobody reads a half-written file.
 */
export function createSecretFile(file: string): string | undefined {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Signs confirmation and unsubscribe links. */
export function resolveSecret(env: Pick<Env, 'SUBSCRIPTION_SECRET' | 'NODE_ENV' | 'SECRET_FILE'>): string {
  return resolve(
    { name: 'SUBSCRIPTION_SECRET', value: env.SUBSCRIPTION_SECRET, file: env.SECRET_FILE, why: 'the server needs a fixed secret to sign confirmation and unsubscribe links (a new one on every start would break the links in emails already sent)' },
    env.NODE_ENV,
  );
}

/** Keys the suppression list's hashes, so a list of addresses cannot be matched against it without the key. */
export function resolveSuppressionKey(env: Pick<Env, 'SUPPRESSION_KEY' | 'NODE_ENV' | 'SUPPRESSION_KEY_FILE'>): string {
  return resolve(
    { name: 'SUPPRESSION_KEY', value: env.SUPPRESSION_KEY, file: env.SUPPRESSION_KEY_FILE, why: 'the suppression list needs a fixed key (with another key, erased addresses could be mailed again)' },
    env.NODE_ENV,
  );
}
