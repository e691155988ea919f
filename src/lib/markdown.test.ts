import { describe, expect, it } from 'vitest';
import { inlineMarkdownToHtml, markdownToHtml } from './markdown.ts';

describe('markdownToHtml', () => {
  it('renders emphasis and links', () => {
    expect(markdownToHtml('Read *this* [now](https://example.com).')).toBe(
      '<p>Read <em>this</em> <a href="https://example.com">now</a>.</p>\n',
    );
  });
  it('escapes raw HTML instead of passing it through', () => {
    expect(markdownToHtml('Hi <script>alert(1)</script>')).not.toContain('<script>');
    expect(inlineMarkdownToHtml('a <b>b</b>')).toBe('a &lt;b&gt;b&lt;/b&gt;');
  });
});
