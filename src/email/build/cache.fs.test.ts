import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailCodeFingerprint, emailKey, readEmailCache, writeEmailCache } from './cache.fs.ts';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-email-cache-'));
  write('package-lock.json', '{"lockfileVersion":3}');
  write('src/email/build/finish.ts', 'export const a = 1;');
  write('src/email/placeholders.ts', 'export const b = 1;');
  write('src/lib/urls.ts', 'export const c = 1;');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('emailCodeFingerprint', () => {
  it('changes with any source file of src/email/ or src/lib/ and with the lockfile, found without a list', () => {
    const before = emailCodeFingerprint(root);
    expect(emailCodeFingerprint(root)).toBe(before);
    for (const [path, text] of [['src/email/build/finish.ts', 'export const a = 2;'], ['src/email/render/new-module.ts', 'x'], ['src/lib/urls.ts', 'export const c = 2;'], ['package-lock.json', '{}']]) {
      write(path!, text!);
      expect(emailCodeFingerprint(root), path).not.toBe(before);
    }
  });

  it('ignores tests and everything outside those folders', () => {
    const before = emailCodeFingerprint(root);
    write('src/email/build/finish.test.ts', 'test');
    write('src/pages/index.astro', 'page');
    write('content/tips/x.mdx', 'tip');
    expect(emailCodeFingerprint(root)).toBe(before);
  });
});

describe('emailKey', () => {
  it('keys on the document, the site URL and the pick URLs', () => {
    const base = { document: '<p>a</p>', siteUrl: 'https://a.example', pickUrls: ['https://x.example/'] };
    const key = emailKey(base);
    expect(emailKey({ ...base })).toBe(key);
    expect(emailKey({ ...base, document: '<p>b</p>' })).not.toBe(key);
    expect(emailKey({ ...base, siteUrl: 'https://b.example' })).not.toBe(key);
    expect(emailKey({ ...base, pickUrls: [] })).not.toBe(key);
  });
});

describe('the cache file', () => {
  const result = { html: '<p>a</p>', text: 'a\n', problems: [] };

  it('gives back what was written under the same fingerprint, and nothing under another or when unreadable', () => {
    writeEmailCache(root, 'f1', new Map([['k', result]]));
    expect(readEmailCache(root, 'f1')).toEqual(new Map([['k', result]]));
    expect(readEmailCache(root, 'f2')).toEqual(new Map());
    write('build/cache/emails.json', '{not json');
    expect(readEmailCache(root, 'f1')).toEqual(new Map());
  });
});
