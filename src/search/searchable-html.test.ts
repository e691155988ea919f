import { describe, expect, it } from 'vitest';
import { searchableHtml } from './searchable-html.ts';

const head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Greet by name · Tip of the Week</title></head>';
const page = (body: string) => `${head}<body class="site">${body}</body></html>`;
const article = '<article data-pagefind-body><h1>Greet by name</h1><p>Use the name the customer <em>signs</em> with.</p></article>';

describe('searchableHtml', () => {
  it('leaves out pages that do not opt in to the index', () => {
    expect(searchableHtml(page('<main><h1>Tags</h1></main>'))).toBeUndefined();
  });

  it('keeps the document head and the searchable element, and drops the rest of the body', () => {
    const html = page(`<header><nav><a href="/">Home</a></nav></header><main>${article}<aside>Related tips</aside></main><footer>Unsubscribe</footer>`);
    expect(searchableHtml(html)).toBe(`${head}<body>${article}</body></html>`);
  });

  it('keeps nested elements of the same name inside the searchable one', () => {
    const nested = '<article data-pagefind-body><h1>Issue 12</h1><article><h2>Pick</h2></article><p>Note</p><article><h2>Another</h2></article></article>';
    expect(searchableHtml(page(`<main>${nested}<article>After</article></main>`))).toBe(`${head}<body>${nested}</body></html>`);
  });

  it('reads the element name whatever its attributes and case', () => {
    const div = '<DIV class="tip" data-pagefind-body id="tip"><p>Text</p><div>inner</div></DIV>';
    expect(searchableHtml(page(`<nav>x</nav>${div}<footer>y</footer>`))).toBe(`${head}<body>${div}</body></html>`);
  });

  it('gives the page whole when something else Pagefind reads is outside the element', () => {
    for (const outside of ['<span data-pagefind-filter="tag">refunds</span>', '<meta data-pagefind-meta="image:/a.png">', `<section data-pagefind-body>second</section>`]) {
      const html = page(`${article}${outside}`);
      expect(searchableHtml(html)).toBe(html);
    }
  });

  it('gives the page whole when it cannot be sure where the element ends', () => {
    const cases = [
      page('<article data-pagefind-body><p>never closed</p>'),
      page('<article data-pagefind-body><script>const s = "</article>";</script><p>after</p></article>'),
      page('<article data-pagefind-body><!-- <article> --><p>text</p></article>'),
      `${head}<article data-pagefind-body><p>no body tag</p></article></html>`,
    ];
    for (const html of cases) expect(searchableHtml(html)).toBe(html);
  });
});
