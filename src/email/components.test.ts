import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentsUsed, EDITOR_COMPONENTS } from './components.ts';

const astroFiles = (dir: string) =>
  readdirSync(join(import.meta.dirname, dir)).filter((f) => f.endsWith('.astro')).map((f) => f.replace(/\.astro$/, '')).sort();

describe('editor components', () => {
  it('each has a web rendering and an email rendering', () => {
    const expected = [...EDITOR_COMPONENTS].sort();
    expect(astroFiles('../components/mdx')).toEqual(expected);
    // The email has its own rendering of Markdown images too (MDX's `img`); the site keeps Astro's.
    expect(astroFiles('../components/email/mdx')).toEqual([...expected, 'MarkdownImage'].sort());
  });

  it('finds the components an MDX body uses, ignoring code', () => {
    expect(componentsUsed('<Dialogue>\n<Line who="A">x</Line>\n</Dialogue>\n```\n<Fake />\n```\n<b>html</b>')).toEqual(['Dialogue', 'Line']);
  });
});
