import { describe, expect, it } from 'vitest';
import { clickUrl, parseClickPath, pickSignature, validPickSignature, withClickLinks } from './links.ts';
import { OTHER_SECRET, TEST_SECRET as SECRET } from '../testing/secrets.ts';


describe('click links', () => {
  it('signs each issue and pick apart, and reads back only well-formed paths', () => {
    const url = clickUrl('https://tips.example.com', SECRET, 7, 2);
    const { pathname } = new URL(url);
    expect(pathname).toBe(`/r/7/2/${pickSignature(SECRET, 7, 2)}`);
    const link = parseClickPath(pathname)!;
    expect(validPickSignature(SECRET, link.issue, link.pick, link.signature)).toBe(true);
    expect(validPickSignature(SECRET, 7, 3, link.signature)).toBe(false);
    expect(validPickSignature(SECRET, 8, 2, link.signature)).toBe(false);
    expect(validPickSignature(OTHER_SECRET, 7, 2, link.signature)).toBe(false);
    for (const bad of ['/r/7/2/', '/r/7/x/abc', `/r/7/2/${link.signature}x`, '/r/7/2/../../etc', '/rss.xml']) expect(parseClickPath(bad), bad).toBeUndefined();
  });

  it('rewrites whole pick URLs in both parts, the same for every reader, and hides one decoy in the HTML', () => {
    const parts = {
      html: '<html><body><a href="https://a.example/x?a=1&amp;b=2">One</a> <a href="https://a.example/x2">Two</a></body></html>',
      text: 'One <https://a.example/x?a=1&b=2>\nTwo <https://a.example/x2>\n',
    };
    const out = withClickLinks(parts, ['https://a.example/x?a=1&b=2', 'https://a.example/x2'], (pick) => `https://tips.example.com/r/7/${pick}/sig`);
    expect(out.text).toBe('One <https://tips.example.com/r/7/1/sig>\nTwo <https://tips.example.com/r/7/2/sig>\n');
    expect(out.html).toContain('<a href="https://tips.example.com/r/7/1/sig">One</a> <a href="https://tips.example.com/r/7/2/sig">Two</a>');
    expect(out.html).toContain('<a href="https://tips.example.com/r/7/0/sig" style="display:none" aria-hidden="true" tabindex="-1"></a></body>');
    expect(out.text).not.toContain('/r/7/0/');
  });
});
