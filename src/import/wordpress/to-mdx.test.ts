import { describe, expect, it } from 'vitest';
import { bodyImages } from '../../content/body-images.ts';
import { mdxSyntaxProblems } from '../../content/mdx-syntax.ts';
import { htmlToMdx, type MdxContext } from './to-mdx.ts';

const context: MdxContext = {
  image: (src) => (src.includes('/found/') ? { local: './images/t/found.jpg' } : { remote: src, why: 'was not found in the uploads folder' }),
  link: (href) => (href === 'https://old.example.com/2016/11/17/old-post/' ? '/tips/old-post/' : undefined),
};
const mdx = (html: string) => htmlToMdx(html, context);

describe('htmlToMdx', () => {
  it('escapes what MDX would read as JSX or code, so every body compiles', () => {
    const body = mdx('<p>Under {2} days, &lt;48 hours, a } alone, <em>a&lt;b</em> and &lt;customer&gt;.</p><p>import this is prose</p><p>export the table on Fridays</p>');
    expect(body.markdown).toBe('Under \\{2\\} days, \\<48 hours, a \\} alone, *a\\<b* and \\<customer>.\n\n&#x69;mport this is prose\n\n&#x65;xport the table on Fridays');
    expect(mdxSyntaxProblems(body.markdown)).toEqual([]);
  });

  it('keeps headings (h1 becomes h2 under the page title), lists, quotes, tables and code', () => {
    const body = mdx('<h1>Top</h1><h3>Sub</h3><ol><li>One</li><li>Two <strong>bold</strong></li></ol><ul><li>a<ul><li>b</li></ul></li></ul><blockquote><p>Said</p></blockquote><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>{x}</td></tr></table><pre><code>if (a &lt; b) { c }</code></pre>');
    expect(body.markdown).toBe(
      ['## Top', '### Sub', '1. One\n2. Two **bold**', '- a\n  - b', '> Said', '| A | B     |\n| - | ----- |\n| 1 | \\{x\\} |', '```\nif (a < b) { c }\n```'].join('\n\n'),
    );
    expect(mdxSyntaxProblems(body.markdown)).toEqual([]);
  });

  it('points links to the old site\'s posts at their new pages, and writes every link as [text](url)', () => {
    const body = mdx('<p><a href="https://old.example.com/2016/11/17/old-post/">earlier</a>, <a href="https://elsewhere.example/">https://elsewhere.example/</a></p>');
    expect(body.markdown).toBe('[earlier](/tips/old-post/), [https://elsewhere.example/](https://elsewhere.example/)');
    expect(mdxSyntaxProblems(body.markdown)).toEqual([]);
  });

  it('uses a local copy of a picture, unwraps a link to its full-size file, links a missing one and notes it', () => {
    const body = mdx('<p><a href="https://old.example.com/wp-content/uploads/found/big.jpg"><img src="https://old.example.com/wp-content/uploads/found/x-300x200.jpg" alt="A desk"></a></p><p><img src="https://old.example.com/wp-content/uploads/2016/11/gone.jpg" alt=""></p>');
    expect(body.markdown).toBe('![A desk](./images/t/found.jpg)\n\n[Picture: gone.jpg](https://old.example.com/wp-content/uploads/2016/11/gone.jpg)');
    expect(body.notes).toEqual([
      { snippet: 'https://old.example.com/wp-content/uploads/2016/11/gone.jpg', message: 'picture was not found in the uploads folder: linked by its old address; copy the file next to the tip and use ![description](./images/…) instead' },
    ]);
  });

  it('keeps a local picture nothing describes in an MDX comment, which the page and the check skip', () => {
    const body = mdx('<p>Before <img src="https://old.example.com/wp-content/uploads/found/x.jpg" alt="img"> after</p><figure><img src="https://old.example.com/wp-content/uploads/found/y.jpg"><figcaption>Two mugs on a <em>tray</em></figcaption></figure>');
    expect(body.markdown).toBe('Before {/* TODO alt text: nothing in the export describes this picture. Write it as ![what it shows](./images/t/found.jpg), delete this comment, then delete "draft: true" */} after\n\n![Two mugs on a tray](./images/t/found.jpg)\n\n*Two mugs on a _tray_*');
    expect(body.missingAlt).toEqual(['./images/t/found.jpg']);
    expect(mdxSyntaxProblems(body.markdown)).toEqual([]);
    expect(bodyImages(body.markdown, true).map((i) => i.alt)).toEqual(['Two mugs on a tray']);
  });

  it('links a picture on another site with the best alt text, never as an image or an <img> tag', () => {
    const body = htmlToMdx('<p><img src="https://cdn.example.net/chart.png" alt="picture"></p>', { ...context, attachment: () => ({ alt: 'Replies per hour, by weekday', title: '' }) });
    expect(body.markdown).toBe('[Picture: Replies per hour, by weekday](https://cdn.example.net/chart.png)');
    expect(bodyImages(body.markdown, true)).toEqual([]);
  });

  it('turns iframes into links, drops forms and scripts (noted), and empty paragraphs', () => {
    const body = mdx('<p>&nbsp;</p><iframe src="https://www.youtube.com/embed/abc" title="A talk"></iframe><form><input name="q"></form><script>alert(1)</script><p>End</p>');
    expect(body.markdown).toBe('[A talk](https://www.youtube.com/embed/abc)\n\nEnd');
    expect(body.notes.map((n) => n.message)).toEqual(['a <form> of the old post was left out (it has no place in a tip)', 'a <script> of the old post was left out (it has no place in a tip)']);
  });
});
