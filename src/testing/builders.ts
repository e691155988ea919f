/** Builders for content fixtures: a valid entry by default, with overrides for the case under test. */
import type { RawContent, RawEntry } from '../content/raw.ts';

export function rawTip(id: string, data: Record<string, unknown> = {}): RawEntry {
  return {
    file: `content/tips/${id}.mdx`,
    id,
    data: {
      title: 'Answer the question they asked',
      date: new Date('2026-01-05'),
      summary: 'Customers notice when the first sentence of a reply answers them. Here is how to lead with it.',
      takeaway: 'Lead with the answer, then explain.',
      tags: ['writing'],
      author: 'dana',
      ...data,
    },
  };
}

export function rawPick(n: number, data: Record<string, unknown> = {}) {
  return {
    title: `Article ${n}`,
    url: `https://example.com/articles/${n}`,
    author: 'A. Writer',
    source: 'Example Review',
    summary: 'What the article argues, told in our own words, in two short sentences that a busy reader can skim.',
    comment: 'Why this matters for a support team on a busy Monday morning with a full queue.',
    ...data,
  };
}

export function rawIssue(number: number, data: Record<string, unknown> = {}): RawEntry {
  return {
    file: `content/issues/${String(number).padStart(3, '0')}.mdx`,
    id: String(number).padStart(3, '0'),
    data: {
      number,
      date: new Date(Date.UTC(2026, 0, 5 + 7 * (number - 1))),
      tip: 'answer-first',
      picks: [rawPick(number * 10 + 1), rawPick(number * 10 + 2), rawPick(number * 10 + 3)],
      ...data,
    },
  };
}

export function rawAuthor(id: string, data: Record<string, unknown> = {}): RawEntry {
  return {
    file: `content/authors/${id}.yaml`,
    id,
    data: { name: 'Dana Whitfield', bio: 'Dana ran support teams for twelve years and edits this publication.', ...data },
  };
}

/** A small, valid publication: one author, one tip, one issue. */
export function rawPublication(overrides: Partial<RawContent> = {}): RawContent {
  return {
    authors: [rawAuthor('dana')],
    tips: [rawTip('answer-first')],
    issues: [rawIssue(1)],
    ...overrides,
  };
}
