import { describe, expect, it } from 'vitest';
import { closeContentMark, openContentMark } from '../render/content-marks.ts';
import { checkEmail, MAX_HTML_BYTES, type EmailParts } from './checks.ts';

const messages = (parts: EmailParts) => checkEmail(parts).map((p) => p.message);

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><table role="presentation" width="100%"><tr><td>${body}</td></tr></table></body></html>`;
const pick = 'https://example.com/article';
const good = { html: page(`<p><a href="${pick}">Article</a> <a href="{{unsubscribe_url}}">Unsubscribe</a></p>`), text: `Article <${pick}>`, pickUrls: [pick] };

describe('checkEmail', () => {
  it('passes a plain, absolute, table-based email', () => {
    expect(checkEmail(good)).toEqual([]);
  });

  it('names every way an email can break', () => {
    const html = page(
      `<script>x()</script><form></form><a href="/tips/x/">rel</a><a href="http://insecure.example/">http</a><img src="https://x.example/a.png"><table><tr><td>t</td></tr></table>`,
    ).replace(' lang="en"', '');
    expect(messages({ html, text: 'nothing', pickUrls: [pick] })).toEqual(
      expect.arrayContaining([
        'contains a <script> element: email clients strip scripts',
        'contains a <form> element: most email clients disable forms',
        'the <html> element has no lang attribute',
        'image without alt text: <img src="https://x.example/a.png">',
        'image without width and height attributes: <img src="https://x.example/a.png">',
        'layout table without role="presentation": <table>',
        'URL is not absolute https: /tips/x/',
        'URL is not absolute https: http://insecure.example/',
        `pick ${pick} is missing from the HTML part`,
        `pick ${pick} is missing from the text part`,
      ]),
    );
  });

  it('enforces the size budget', () => {
    const html = page(`<p>${'x'.repeat(MAX_HTML_BYTES)}</p><a href="${pick}">a</a>`);
    expect(messages({ ...good, html })[0]).toMatch(/^HTML is 68\.\d KB, over the 68 KB budget \(about 93 KB as sent in base64; Gmail clips at ~102 KB\)/);
  });

  it('reports CSS that a supported client lacks and that is not on the accepted list', () => {
    const html = page(`<div style="display:flex;position:absolute">x</div><a href="${pick}">a</a>`);
    const problems = messages({ ...good, html });
    expect(problems.some((p) => /^position is unsupported in .*Outlook \(Windows\).* \(caniemail\): avoid it, or add it to ACCEPTED_FEATURES/.test(p))).toBe(true);
  });

  it('names the content file of a problem in a part a tip or a note rendered, in the editor\'s terms', () => {
    const body = `<p>x</p><img src="https://fixture.example/_astro/a.webp" alt="A desk" width="552" height="300" loading="lazy"><div style="position:absolute">y</div>`;
    const html = page(`${openContentMark('content/tips/desk.mdx')}${body}${closeContentMark()}<a href="${pick}">a</a>`);
    const problems = checkEmail({ ...good, html });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.file === 'content/tips/desk.mdx')).toBe(true);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/^loading attribute is unsupported in .*Gmail \(Android\).* \(caniemail\): remove it from this file/m);
    expect(text).toMatch(/^webP image format is unsupported in Outlook \(Windows\), Outlook \(macOS\) \(caniemail\): remove it from this file/m);
    expect(text).not.toContain('src/email');
    // Astro adds a hint about browser APIs to any build error that mentions a lowercase "window" or "document".
    expect(text).not.toMatch(/window|document/);
  });

  it('keeps the template\'s own problems apart from the content\'s', () => {
    const html = page(`<img src="https://x.example/logo.png" alt="Logo">${openContentMark('content/tips/desk.mdx')}<p>fine</p>${closeContentMark()}<a href="${pick}">a</a>`);
    expect(checkEmail({ ...good, html })).toEqual([{ message: 'image without width and height attributes: <img src="https://x.example/logo.png" alt="Logo">' }]);
  });
});
