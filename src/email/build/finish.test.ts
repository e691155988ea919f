import { describe, expect, it } from 'vitest';
import { closeContentMark, openContentMark } from '../render/content-marks.ts';
import { finishEmail, finishMarkedEmail } from './finish.ts';

const SITE = 'https://tips.example.org';
const document = `<!doctype html><html lang="en"><head><style>p{margin:0}</style></head><body>
<p><img src="/_astro/hero.jpg" width="552" height="300" alt="A doorway"></p>
${openContentMark('content/tips/desk.mdx')}<p>Reply times fell:</p>
<p><img class="body-image" src="/_astro/chart.png" width="400" height="200" alt="Bar chart of reply times"></p>${closeContentMark()}
</body></html>`;

describe('finishEmail', () => {
  it('makes image URLs absolute and sends no content marks', () => {
    const { html } = finishEmail(document, SITE);
    expect(html).toContain(`src="${SITE}/_astro/chart.png"`);
    expect(html).not.toContain('content-file');
  });

  it('keeps the marks for the checks only', () => {
    expect(finishMarkedEmail(document, SITE).marked).toContain('<!--content-file: content/tips/desk.mdx-->');
  });

  it("shows a body image's alt text in the text part, and leaves the hero out", () => {
    const { text } = finishEmail(document, SITE);
    expect(text).toContain('Reply times fell:\n\n[Image: Bar chart of reply times]');
    expect(text).not.toContain('doorway');
  });
});
