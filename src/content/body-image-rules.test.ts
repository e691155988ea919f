import { describe, expect, it } from 'vitest';
import { bodyImageProblems } from './body-image-rules.ts';
import { parseEntry } from './parse-entry.ts';
import { formatProblem } from './problems.ts';

const FRONT = '---\ntitle: A tip with a picture\ndate: 2026-01-05\n---\n\n';
const stored = new Set(['content/tips/images/desk.jpg', 'content/tips/images/queue board.png', 'content/images/shared.jpg', 'content/tips/images/huge.jpg', 'content/issues/images/chart.png']);
const options = {
  imageExists: (file: string, path: string) => stored.has(decodeURI(new URL(path, `file:///${file}`).pathname.slice(1))),
  fileSize: (_file: string, path: string) => (path.endsWith('huge.jpg') ? 5 * 1024 * 1024 : 1000),
};
const lines = (body: string, file = 'content/tips/desk.mdx') =>
  bodyImageProblems(parseEntry(file, Buffer.from(`${FRONT}${body}`)), options).map((p) => `${p.severity}: ${formatProblem(p)}`);

describe('pictures in the text', () => {
  it('accepts a described picture stored next to the file or elsewhere in content/, written inline or by reference', () => {
    expect(lines('Intro.\n\n![A tidy desk with a headset](./images/desk.jpg)\n\n![Cards queued in three columns](images/queue%20board.png "The board")\n\n![Our shared desk plan][plan]\n\n[plan]: ../images/shared.jpg\n')).toEqual([]);
  });

  it('names the file, line and column of a missing file, and of alt text that is missing or says nothing', () => {
    expect(lines('Intro.\n\n![A tidy desk](./images/dsek.jpg)\n\nText ![](./images/desk.jpg) and ![photo](./images/desk.jpg) and ![desk.jpg](./images/desk.jpg) and ![desk](./images/desk.jpg)\n')).toEqual([
      'error: content/tips/desk.mdx:8:1: image ./images/dsek.jpg was not found next to content/tips/desk.mdx: check the path and the file name (case matters)',
      'error: content/tips/desk.mdx:10:6: image ./images/desk.jpg has no alt text: say what it shows between the square brackets, for readers who cannot see it (and for inboxes that do not load pictures)',
      'error: content/tips/desk.mdx:10:33: image ./images/desk.jpg has the alt text "photo", which does not describe it: say what it shows, for readers who cannot see it',
      'error: content/tips/desk.mdx:10:65: image ./images/desk.jpg has the alt text "desk.jpg", which does not describe it: say what it shows, for readers who cannot see it',
      'error: content/tips/desk.mdx:10:100: image ./images/desk.jpg has the alt text "desk", which does not describe it: say what it shows, for readers who cannot see it',
    ]);
  });

  it('refuses pictures the build cannot copy for the page and the email, saying where to put them', () => {
    const found = lines('![A desk](https://cdn.example.com/desk.jpg)\n\n![A desk](/images/desk.jpg)\n\n![A desk](../../../desk.jpg)\n\n![A desk](./images/desk.heic)\n\n<img src="./images/desk.jpg" alt="A desk" />\n');
    expect(found).toEqual([
      expect.stringMatching(/^error: content\/tips\/desk\.mdx:6:1: image https:\/\/cdn\.example\.com\/desk\.jpg is on another site, .*: save the picture next to this file \(e\.g\. in \.\/images\/\) and write that path/),
      expect.stringMatching(/^error: content\/tips\/desk\.mdx:8:1: image \/images\/desk\.jpg is a path on the site, which gets no optimised copy: save the picture next to this file/),
      'error: content/tips/desk.mdx:10:1: image ../../../desk.jpg is outside content/: keep pictures with the content, e.g. in content/tips/images/, and write the path from this file',
      'error: content/tips/desk.mdx:12:1: image ./images/desk.heic is not a format the build can read: export it as JPEG (photos) or PNG (screenshots, drawings)',
      'error: content/tips/desk.mdx:14:1: an image written as an <img> tag gets no optimised copy on the page and none for the email: write it in Markdown: an exclamation mark, what it shows in square brackets, then the path in round brackets (docs/editing.md, Pictures)',
    ]);
  });

  it('ignores images shown as code', () => {
    expect(lines('Write `![alt](./x.jpg)` like this:\n\n```md\n![](./missing.jpg)\n```\n')).toEqual([]);
  });

  it('asks for .mdx when a Markdown note has a picture, and warns about a huge file', () => {
    expect(lines('Note.\n\n![Reply times over five weeks](./images/chart.png)\n', 'content/issues/009.md')).toEqual([
      'error: content/issues/009.md:8:1: image ./images/chart.png needs an .mdx file, which gives the email its own JPEG or PNG copy: rename the file to 009.mdx (the text stays as it is)',
    ]);
    expect(lines('![A tidy desk with a headset](./images/huge.jpg)\n')).toEqual([
      'warning: content/tips/desk.mdx:6:1: image ./images/huge.jpg is 5.0 MB: export it at most 2400px wide so builds stay fast (the page and the email get resized copies)',
    ]);
  });
});
