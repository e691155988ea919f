import { describe, expect, it } from 'vitest';
import type { RawEntry } from '../content/raw.ts';
import { validateContent } from '../content/validate.ts';
import matter from 'gray-matter';
import { load } from 'js-yaml';
import { syntheticPublication, syntheticWeek } from './synthetic.ts';

describe('syntheticPublication', () => {
  it('generates a valid publication of the requested size', () => {
    const files = syntheticPublication({ tips: 60, issues: 12, authors: 4 });
    const entries = (folder: string) =>
      [...files]
        .filter(([path]) => path.startsWith(`${folder}/`))
        .map(([path, text]): RawEntry => ({
          file: `content/${path}`,
          id: path.slice(folder.length + 1).replace(/\.\w+$/, ''),
          data: folder === 'authors' ? load(text) : matter(text).data,
        }));
    const raw = { tips: entries('tips'), issues: entries('issues'), authors: entries('authors') };
    expect([raw.tips.length, raw.issues.length, raw.authors.length]).toEqual([60, 12, 4]);
    expect(validateContent(raw, { imageExists: () => true })).toEqual([]);
  });
});

describe('syntheticWeek', () => {
  it('adds the newest tip and the issue featuring it, and the publication stays valid', () => {
    const files = new Map([...syntheticPublication({ tips: 60, issues: 12, authors: 4 }), ...syntheticWeek({ tips: 60, issues: 12, authors: 4 })]);
    const entries = (folder: string) =>
      [...files]
        .filter(([path]) => path.startsWith(`${folder}/`))
        .map(([path, text]): RawEntry => ({
          file: `content/${path}`,
          id: path.slice(folder.length + 1).replace(/\.\w+$/, ''),
          data: folder === 'authors' ? load(text) : matter(text).data,
        }));
    const raw = { tips: entries('tips'), issues: entries('issues'), authors: entries('authors') };
    expect([raw.tips.length, raw.issues.length]).toEqual([61, 13]);
    expect(raw.issues.find((i) => i.id === '13')?.data).toMatchObject({ number: 13, tip: 'tip-60' });
    expect(validateContent(raw, { imageExists: () => true })).toEqual([]);
  });
});
