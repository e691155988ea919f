import { describe, expect, it } from 'vitest';
import { builtForProblem, checkBeforeSending, isReservedHost, problemsLine, refuseSampleSettings, sampleSettingProblems } from './deployment.ts';

const sample = { siteUrl: 'https://tips.example.com', from: '"Tip of the Week" <editor@tips.example.com>', replyTo: 'editor@tips.example.com', postalAddress: 'Tip of the Week, 100 Example Street, Suite 4, Springfield, OR 97477, USA' };
const real = { siteUrl: 'https://tips.acme-support.com', from: '"Acme Tips" <tips@acme-support.com>', replyTo: 'dana@acme-support.com', postalAddress: 'Acme Support Ltd, 12 Harbour Road, Bristol BS1 4RN, UK' };

describe('isReservedHost', () => {
  it('knows the names reserved for examples and tests, and this machine', () => {
    for (const host of ['example.com', 'tips.example.com', 'EXAMPLE.ORG', 'mail.example.net.', 'shop.test', 'x.example', 'a.invalid', 'localhost', 'app.localhost', 'printer.local', '127.0.0.1', '[::1]']) expect(isReservedHost(host), host).toBe(true);
    for (const host of ['acme-support.com', 'example.co.uk', 'myexample.com', 'example.com.au', 'testing.io', '192.0.2.10']) expect(isReservedHost(host), host).toBe(false);
  });
});

describe('sampleSettingProblems', () => {
  it('names every sample value and the setting that replaces it', () => {
    expect(problemsLine(sampleSettingProblems(sample))).toBe(
      'the site URL https://tips.example.com is a sample address (set SITE_URL (or url in src/config/site.ts)); ' +
        'From "Tip of the Week" <editor@tips.example.com> is a sample address (set MAIL_FROM (or editor.email in src/config/site.ts)); ' +
        'Reply-To editor@tips.example.com is a sample address (set REPLY_TO (or editor.email in src/config/site.ts)); ' +
        'the postal address "Tip of the Week, 100 Example Street, Suite 4, Springfield, OR 97477, USA" is the sample one (set POSTAL_ADDRESS (or postalAddress in src/config/site.ts))',
    );
    expect(sampleSettingProblems(real)).toEqual([]);
    expect(sampleSettingProblems({ ...real, siteUrl: 'http://localhost:4321' }).map((p) => p.setting)).toEqual(['SITE_URL (or url in src/config/site.ts)']);
  });

  it('are refused in production only, in one line', () => {
    expect(() => refuseSampleSettings(sampleSettingProblems(sample), undefined, 'serve the site')).not.toThrow();
    expect(() => refuseSampleSettings(sampleSettingProblems(real), 'production', 'serve the site')).not.toThrow();
    expect(() => refuseSampleSettings(sampleSettingProblems({ ...real, from: 'news@shop.test' }), 'production', 'serve the site')).toThrow(
      /^Not going to serve the site with sample settings in production: From news@shop\.test is a sample address \(set MAIL_FROM \(or editor\.email in src\/config\/site\.ts\)\)\.$/,
    );
  });
});

describe('checkBeforeSending', () => {
  // User test C-3: emails built with the sample URL went out with SITE_URL's unsubscribe links.
  it('refuses emails built for another site URL, in any environment', () => {
    expect(builtForProblem('https://tips.acme-support.com/', 'https://tips.acme-support.com')).toBeUndefined();
    expect(() => checkBeforeSending({ builtFor: 'https://tips.example.com/', sender: real, postalAddress: real.postalAddress, nodeEnv: undefined })).toThrow(
      'The emails were built for https://tips.example.com, but SITE_URL is https://tips.acme-support.com: their links would point to one site and their unsubscribe links to another. Build with the same SITE_URL (`SITE_URL=https://tips.acme-support.com npm run build`), then try again.',
    );
  });
  it('refuses sample settings in production', () => {
    expect(() => checkBeforeSending({ builtFor: real.siteUrl, sender: { ...real, replyTo: 'me@example.org' }, postalAddress: real.postalAddress, nodeEnv: 'production' })).toThrow(/^Not going to send with sample settings in production: Reply-To me@example\.org/);
    expect(() => checkBeforeSending({ builtFor: real.siteUrl, sender: real, postalAddress: real.postalAddress, nodeEnv: 'production' })).not.toThrow();
  });
});
