import { describe, expect, it } from 'vitest';
import { checkEmail, MAX_HTML_BYTES } from './checks.ts';

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
    expect(checkEmail({ html, text: 'nothing', pickUrls: [pick] })).toEqual(
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
    expect(checkEmail({ ...good, html })[0]).toMatch(/^HTML is 90\.\d KB, over the 90 KB budget \(Gmail clips at ~102 KB\)/);
  });

  it('reports CSS that a supported client lacks and that is not on the accepted list', () => {
    const html = page(`<div style="display:flex;position:absolute">x</div><a href="${pick}">a</a>`);
    const problems = checkEmail({ ...good, html });
    expect(problems.some((p) => /^position is unsupported in .*outlook\.windows.* \(caniemail\)/.test(p))).toBe(true);
  });
});
