import { describe, expect, it } from 'vitest';
import { closeContentMark, openContentMark, splitByContentFile, withoutContentMarks } from './content-marks.ts';

const marked = `<body><p>Hi</p>${openContentMark('content/tips/a.mdx')}<p>Tip</p><img src="x.jpg">${closeContentMark()}<h2>Picks</h2>${openContentMark('content/issues/009.mdx')}<p>Note</p>${closeContentMark()}</body>`;

describe('content marks', () => {
  it('cut an email into the parts each content file rendered and the template around them', () => {
    expect(splitByContentFile(marked)).toEqual({
      template: '<body><p>Hi</p><h2>Picks</h2></body>',
      parts: [
        { file: 'content/tips/a.mdx', html: '<p>Tip</p><img src="x.jpg">' },
        { file: 'content/issues/009.mdx', html: '<p>Note</p>' },
      ],
    });
  });

  it('leave nothing behind in the email that is sent', () => {
    expect(withoutContentMarks(marked)).toBe('<body><p>Hi</p><p>Tip</p><img src="x.jpg"><h2>Picks</h2><p>Note</p></body>');
  });

  it('treat an email without marks as all template', () => {
    expect(splitByContentFile('<p>x</p>')).toEqual({ template: '<p>x</p>', parts: [] });
  });
});
