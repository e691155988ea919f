/**
 * Builds the sample publication in content/ and checks every issue's email as it will
 * be sent (slow: one astro build), then writes a preview .eml and reads it back.
 */
import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { checkEmail, MAX_HTML_BYTES } from './build/checks.ts';
import { readEmailBuild } from './contract/build-output.fs.ts';
import { fillPlaceholders } from './placeholders.ts';
import { main as preview } from './preview-cli.ts';

let build: SiteBuild;
beforeAll(async () => {
  build = await sharedBuild('sample');
  if (build.exitCode !== 0) throw new Error(`sample build failed:\n${build.output}`);
});
afterAll(() => build?.cleanup());

describe('sample publication emails', () => {
  it('every issue passes the checks, stays under budget and leaves no placeholder once filled', () => {
    const emails = readEmailBuild(build.root);
    expect(emails.stale).toBe(false);
    expect(emails.manifest.issues.length).toBeGreaterThanOrEqual(6);
    for (const entry of emails.manifest.issues) {
      const { html, text } = emails.parts(entry);
      expect(checkEmail({ html, text, pickUrls: entry.pickUrls }), entry.source).toEqual([]);
      expect(entry.htmlBytes, entry.source).toBeLessThanOrEqual(MAX_HTML_BYTES);
      expect(entry.subject.length, entry.source).toBeLessThanOrEqual(78);
      const values = { unsubscribe_url: 'https://tips.example.com/unsubscribe/?token=t', manage_url: 'https://tips.example.com/preferences/?token=t', first_name: 'Ana' };
      for (const filled of [fillPlaceholders(html, values, 'html'), fillPlaceholders(text, values, 'text')]) {
        expect(filled, entry.source).not.toMatch(/\{\{[^}]*\}\}/);
      }
    }
  });

  it('writes the new-address confirmation next to the sign-up notices, passing the same checks', () => {
    const emails = readEmailBuild(build.root);
    expect(Object.keys(emails.manifest.notices).sort()).toEqual(['change', 'confirm', 'welcome']);
    const change = emails.manifest.notices.change;
    expect(change).toMatchObject({ subject: 'Confirm your new address for Tip of the Week', html: 'notice-change.html', text: 'notice-change.txt' });
    expect(change.placeholders.sort()).toEqual(['confirm_url', 'first_name']);
    const { html, text } = emails.parts(change);
    expect(checkEmail({ html, text, pickUrls: [] })).toEqual([]);
    expect(change.htmlBytes).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(text).toContain('move your Tip of the Week subscription to this address');
    expect(text).toContain('The link works for 7 days');
    expect(text).toContain('nothing changes');
    expect(text).not.toMatch(/subscribe to|unsubscribe/i);
    expect(html).not.toMatch(/Confirm your subscription/);
  });

  it('email:preview writes a complete message a mail client can open', async () => {
    const lines: string[] = [];
    const io = { out: (s: string) => void lines.push(s), now: () => new Date() };
    expect(await preview(['4'], {}, build.root, io)).toBe(0);
    const path = /^Wrote (\S+\.eml) \(\d+\.\d KB\)/.exec(lines.join(''))?.[1];
    expect(path).toBeDefined();
    const mail = await PostalMime.parse(readFileSync(path!));
    expect(mail.subject).toBe('Tip of the Week #4: the question behind your NPS');
    expect(mail.to).toEqual([{ name: '', address: 'sam.reader@example.com' }]);
    expect(mail.text).toContain('Hi Sam,');
    expect(mail.html).toContain('https://hbr.org/2003/12/the-one-number-you-need-to-grow');
    expect(mail.headerLines.map((h) => h.key)).toEqual(expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'list-id', 'reply-to']));
  });

  it('email:preview explains an unknown issue number', async () => {
    await expect(preview(['99'], {}, build.root, { out: () => undefined, now: () => new Date() })).rejects.toThrow(/There is no issue 99 in the build \(built: 8, 7, 6, 5, 4, 3, 2, 1\)/);
  });
});
