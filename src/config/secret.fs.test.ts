import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretFile, resolveSecret, resolveSuppressionKey } from './secret.fs.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'totw-secret-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('development secrets', () => {
  it('generates a secret once, readable by the owner only, and reads it back', () => {
    const file = join(dir, 'data', 'subscription-secret');
    const secret = resolveSecret({ SUBSCRIPTION_SECRET: undefined, NODE_ENV: undefined, SECRET_FILE: file });
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(secret);
    expect(resolveSecret({ SUBSCRIPTION_SECRET: undefined, NODE_ENV: undefined, SECRET_FILE: file })).toBe(secret);
  });

  it('leaves a secret another process wrote first in place, and uses it', () => {
    const file = join(dir, 'suppression-key');
    writeFileSync(file, `${'a'.repeat(64)}\n`, { mode: 0o600 });
    // What the second of two servers starting at once sees: no file when it looked, one when it writes.
    expect(createSecretFile(file)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe(`${'a'.repeat(64)}\n`);
    expect(readdirSync(dir)).toEqual(['suppression-key']);
    expect(createSecretFile(join(dir, 'other'))).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir).sort()).toEqual(['other', 'suppression-key']);
  });

  it('refuses an empty or short secret file, saying what to do', () => {
    const file = join(dir, 'subscription-secret');
    writeFileSync(file, '\n', { mode: 0o600 });
    expect(() => resolveSecret({ SUBSCRIPTION_SECRET: undefined, NODE_ENV: undefined, SECRET_FILE: file })).toThrow(
      `${file} holds a SUBSCRIPTION_SECRET of 0 characters; at least 32 are needed. Delete the file to have a new one generated`,
    );
  });

  it('refuses a secret file other users can read', () => {
    const file = join(dir, 'suppression-key');
    writeFileSync(file, `${'k'.repeat(64)}\n`);
    chmodSync(file, 0o644);
    expect(() => resolveSuppressionKey({ SUPPRESSION_KEY: undefined, NODE_ENV: undefined, SUPPRESSION_KEY_FILE: file })).toThrow(
      `${file} (the development SUPPRESSION_KEY) can be read by other users of this machine. Run \`chmod 600 ${file}\`, then start again.`,
    );
  });

  it('requires both secrets in production', () => {
    expect(() => resolveSecret({ SUBSCRIPTION_SECRET: undefined, NODE_ENV: 'production', SECRET_FILE: join(dir, 'x') })).toThrow('SUBSCRIPTION_SECRET is not set.');
    expect(() => resolveSuppressionKey({ SUPPRESSION_KEY: undefined, NODE_ENV: 'production', SUPPRESSION_KEY_FILE: join(dir, 'y') })).toThrow('SUPPRESSION_KEY is not set.');
  });
});
