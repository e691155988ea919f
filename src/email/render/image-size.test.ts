import { describe, expect, it } from 'vitest';
import { EMAIL_COLUMN_PX, emailImageSize } from './image-size.ts';

describe('emailImageSize', () => {
  it('shows a wide photo at the column width, mailed as a JPEG twice as wide', () => {
    expect(emailImageSize({ width: 2400, height: 1600, format: 'jpg' })).toEqual({ width: EMAIL_COLUMN_PX, height: 368, fileWidth: 1104, format: 'jpg' });
  });

  it('turns WebP, AVIF and TIFF sources into JPEG, and keeps drawings (PNG, GIF, SVG) as PNG', () => {
    for (const format of ['webp', 'avif', 'tiff', 'jpeg']) expect(emailImageSize({ width: 800, height: 450, format }).format).toBe('jpg');
    for (const format of ['png', 'gif', 'svg', 'PNG']) expect(emailImageSize({ width: 800, height: 450, format }).format).toBe('png');
  });

  it('never enlarges a small image', () => {
    expect(emailImageSize({ width: 400, height: 200, format: 'png' })).toEqual({ width: 400, height: 200, fileWidth: 400, format: 'png' });
    expect(emailImageSize({ width: 800, height: 450, format: 'jpg' })).toEqual({ width: 552, height: 311, fileWidth: 800, format: 'jpg' });
  });
});
