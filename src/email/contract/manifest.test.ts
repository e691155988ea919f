import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from './manifest.ts';

const entry = {
  number: 6,
  source: 'content/issues/006.mdx',
  date: '2026-11-16',
  status: 'published',
  subject: 'Tip of the Week #6: Giving the right kind of "no"',
  preheader: 'Never let no be the last word.',
  html: 'issue-6.html',
  text: 'issue-6.txt',
  webUrl: 'https://tips.example.com/issues/6/',
  sendAt: '2026-11-16T14:00:00.000Z',
  stamp: 'c'.repeat(64),
  pickUrls: ['https://hbr.org/x'],
  placeholders: ['first_name', 'unsubscribe_url'],
  htmlBytes: 21000,
};
const manifest = { version: 1, builtAt: '2026-11-23T02:00:00.000Z', contentHash: 'a'.repeat(64), site: 'https://tips.example.com', publication: 'Tip of the Week', issues: [entry], notices: {
  confirm: { subject: 'Confirm', preheader: 'p', html: 'notice-confirm.html', text: 'notice-confirm.txt', placeholders: ['confirm_url'], htmlBytes: 10 },
  welcome: { subject: 'Welcome', preheader: 'p', html: 'notice-welcome.html', text: 'notice-welcome.txt', placeholders: ['unsubscribe_url'], htmlBytes: 10 },
  change: { subject: 'Confirm your new address', preheader: 'p', html: 'notice-change.html', text: 'notice-change.txt', placeholders: ['confirm_url'], htmlBytes: 10 },
} };

describe('parseManifest', () => {
  it('accepts what the build writes', () => {
    expect(parseManifest(manifest).issues[0]?.number).toBe(6);
  });
  it('rejects another version or a path outside the folder, saying what to do', () => {
    expect(() => parseManifest({ ...manifest, version: 2 })).toThrow(ManifestError);
    expect(() => parseManifest({ ...manifest, issues: [{ ...entry, html: '../../etc/passwd' }] })).toThrow(
      /Run `npm run build` to write a fresh one\.\n  issues\.0\.html: /,
    );
  });
});
