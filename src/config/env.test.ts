import { describe, expect, it } from 'vitest';
import { parseEnv, serverSiteUrl } from './env.ts';

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
