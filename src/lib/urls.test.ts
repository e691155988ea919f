import { describe, expect, it } from 'vitest';
import { absoluteUrl, absolutizeHtml, normalizeUrl } from './urls.ts';

describe('normalizeUrl', () => {
  it('treats case of the host, fragments and trailing slashes as the same link', () => {
    expect(normalizeUrl('https://HBR.org/2010/07/x/#intro')).toBe(normalizeUrl('https://hbr.org/2010/07/x'));
    expect(normalizeUrl('https://a.com/x?b=1')).not.toBe(normalizeUrl('https://a.com/x?b=2'));
  });
});

describe('absolutizeHtml', () => {
  it('rewrites root-relative href, src and srcset, and leaves the rest', () => {
    const html =
      '<a href="/tips/x/">x</a><img src="/_astro/a.webp" srcset="/_astro/a.webp 1x, /_astro/b.webp 2x"><a href="https://o.com/">o</a><a href="//cdn.com/y">y</a>';
    expect(absolutizeHtml(html, 'https://tips.example.com')).toBe(
      '<a href="https://tips.example.com/tips/x/">x</a><img src="https://tips.example.com/_astro/a.webp" srcset="https://tips.example.com/_astro/a.webp 1x, https://tips.example.com/_astro/b.webp 2x"><a href="https://o.com/">o</a><a href="//cdn.com/y">y</a>',
    );
  });
  it('keeps a sub-path base', () => {
    expect(absoluteUrl('/rss.xml', 'https://example.com/tips')).toBe('https://example.com/tips/rss.xml');
  });
});
