import { describe, expect, it } from 'vitest';
import { localOrigin, parseEnv, serverSiteUrl } from './env.ts';

describe('serverSiteUrl', () => {
  const configured = 'https://tips.example.com';
  it('uses SITE_URL when set, and the configured URL in production', () => {
    expect(serverSiteUrl(configured, parseEnv({ SITE_URL: 'https://news.example.org/' }))).toBe('https://news.example.org');
    expect(serverSiteUrl(configured, parseEnv({ NODE_ENV: 'production', PORT: '8080' }))).toBe('https://tips.example.com');
  });
  it('outside production, points at the server\'s own configured address so `npm start` works locally', () => {
    expect(serverSiteUrl(configured, parseEnv({ PORT: '4455' }))).toBe('http://localhost:4455');
    expect(serverSiteUrl(configured, parseEnv({ HOST: '0.0.0.0', PORT: '8080' }))).toBe('http://localhost:8080');
  });
});

describe('localOrigin', () => {
  it('reaches a wildcard HOST as localhost and brackets an IPv6 address (one rule for the server, dev and links)', () => {
    expect(localOrigin(parseEnv({ HOST: '::', PORT: '4321' }))).toBe('http://localhost:4321');
    expect(localOrigin(parseEnv({ HOST: '::1', PORT: '4321' }))).toBe('http://[::1]:4321');
    expect(localOrigin(parseEnv({ HOST: '127.0.0.1', PORT: '80' }))).toBe('http://127.0.0.1:80');
  });
});

describe('SQLITE_BUSY_TIMEOUT_MS', () => {
  it('defaults to 5000 ms and takes a whole number of milliseconds', () => {
    expect(parseEnv({}).SQLITE_BUSY_TIMEOUT_MS).toBe(5000);
    expect(parseEnv({ SQLITE_BUSY_TIMEOUT_MS: '250' }).SQLITE_BUSY_TIMEOUT_MS).toBe(250);
  });

  it('refuses a value that is not a number of milliseconds, naming the setting', () => {
    for (const bad of ['soon', '-1', '1.5', '9999999']) expect(() => parseEnv({ SQLITE_BUSY_TIMEOUT_MS: bad })).toThrow(/SQLITE_BUSY_TIMEOUT_MS/);
  });
});
