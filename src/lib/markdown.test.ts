import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './markdown.ts';

describe('markdownToHtml', () => {
  it('renders emphasis and links', () => {
    expect(markdownToHtml('Read *this* [now](https://example.com).')).toBe(
      '<p>Read <em>this</em> <a href="https://example.com">now</a>.</p>\n',
    );
  });
  it('escapes raw HTML instead of passing it through', () => {
    expect(markdownToHtml('Hi <script>alert(1)</script>')).not.toContain('<script>');
    expect(markdownToHtml('a <b>b</b>')).toBe('<p>a &lt;b&gt;b&lt;/b&gt;</p>\n');
  });
});

describe('links in markdown', () => {
  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x'])('neutralizes %s', (href) => {
    const html = markdownToHtml(`[click](${href}) ![x](${href})`);
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
    expect(html).toContain('href="#"');
  });
  it('keeps https, mailto and site paths', () => {
    expect(markdownToHtml('[a](https://a.example/) [b](mailto:b@example.com) [c](/tips/x/)')).toBe(
      '<p><a href="https://a.example/">a</a> <a href="mailto:b@example.com">b</a> <a href="/tips/x/">c</a></p>\n',
    );
  });
});
