import { describe, expect, it } from 'vitest';
import { parseEntry } from './parse-entry.ts';
import { rawAuthor, rawIssue, rawPick, rawPublication, rawTip } from '../testing/builders.ts';
import { errorReport, formatProblem } from './problems.ts';
import { closest } from './spelling.ts';
import { validateContent } from './validate.ts';

const everyImageExists = { imageExists: () => true };
const messages = (content = rawPublication(), options = everyImageExists) =>
  validateContent(content, options).map(formatProblem);

describe('validateContent: schemas', () => {
  it('accepts a valid publication', () => {
    expect(messages()).toEqual([]);
  });

  it('requires heroAlt when hero is set, saying why', () => {
    const tips = [rawTip('answer-first', { hero: './images/desk.jpg' })];
    expect(messages(rawPublication({ tips }))).toEqual([
      'content/tips/answer-first.mdx: heroAlt is required when hero is set: describe the image for readers who cannot see it',
    ]);
  });

  it('reports a hero image that is not on disk', () => {
    const tips = [rawTip('answer-first', { hero: './images/desk.jpg', heroAlt: 'A tidy desk' })];
    expect(messages(rawPublication({ tips }), { imageExists: () => false })).toEqual([
      'content/tips/answer-first.mdx: hero "./images/desk.jpg" was not found next to content/tips/answer-first.mdx: check the path and the file name (case matters)',
    ]);
  });

  it('names a misspelled key and suggests the right one', () => {
    const tips = [rawTip('answer-first', { takeway: 'typo' })];
    expect(messages(rawPublication({ tips }))).toEqual([
      'content/tips/answer-first.mdx: takeway is not a field of a tip: did you mean "takeaway"?',
    ]);
  });

  it("says a misspelled pick field is not a field of a pick, with a pick's fields, and an issue's with an", () => {
    const issues = [rawIssue(1, { picks: [rawPick(1), { ...rawPick(2), coment: 'typo' }, rawPick(3)], tipp: 'answer-first' })];
    expect(messages(rawPublication({ issues }))).toEqual([
      'content/issues/001.mdx: pick 2 (coment) is not a field of a pick: did you mean "comment"? (a pick has title, url, author, source, summary and comment)',
      'content/issues/001.mdx: tipp is not a field of an issue: did you mean "tip"?',
    ]);
  });

  it('reports a misspelled required field once, as a misspelling, not also as missing', () => {
    const tip = rawTip('answer-first', { Tags: ['writing'] });
    delete (tip.data as Record<string, unknown>)['tags'];
    expect(messages(rawPublication({ tips: [tip] }))).toEqual(['content/tips/answer-first.mdx: Tags is not a field of a tip: did you mean "tags"?']);
  });

  it('lists the fields when an unknown key is nothing like them', () => {
    const authors = [rawAuthor('dana', { favouriteColour: 'teal' })];
    expect(messages(rawPublication({ authors }))[0]).toMatch(
      /favouriteColour is not a field of an author: remove it, or use one of name, bio, url, avatar, guest/,
    );
  });

  it('says what a missing required field is for', () => {
    const tip = rawTip('answer-first');
    delete (tip.data as Record<string, unknown>)['takeaway'];
    expect(messages(rawPublication({ tips: [tip] }))).toEqual([
      'content/tips/answer-first.mdx: takeaway is required: the one-line bottom line a reader should remember',
    ]);
  });

  it('rejects a date that is not a date', () => {
    const tips = [rawTip('answer-first', { date: 'next tuesday' })];
    expect(messages(rawPublication({ tips }))).toEqual([
      'content/tips/answer-first.mdx: date next tuesday is not written as YYYY-MM-DD (four-digit year, two-digit month, two-digit day): write it as YYYY-MM-DD, e.g. 2026-11-23',
    ]);
  });

  it('rejects an http pick URL and points at the pick', () => {
    const issues = [rawIssue(1, { picks: [rawPick(1), rawPick(2, { url: 'http://example.com/x' }), rawPick(3)] })];
    expect(messages(rawPublication({ issues }))).toEqual([
      `content/issues/001.mdx: pick 2 (url) must be a full https:// address (got "http://example.com/x"): copy the link from the browser's address bar`,
    ]);
  });

  it('needs three to ten picks', () => {
    const few = [rawIssue(1, { picks: [rawPick(1), rawPick(2)] })];
    expect(messages(rawPublication({ issues: few }))).toEqual([
      'content/issues/001.mdx: picks needs at least 3 picks: add more reading or hold the issue as a draft',
    ]);
    const many = [rawIssue(1, { picks: Array.from({ length: 11 }, (_, i) => rawPick(i)) })];
    expect(messages(rawPublication({ issues: many }))[0]).toMatch(/picks has more than 10 picks/);
  });

  it('refuses uppercase tags and a subject over 78 characters', () => {
    const tips = [rawTip('answer-first', { tags: ['Writing'] })];
    expect(messages(rawPublication({ tips }))[0]).toMatch(/tag 1 must be lowercase words/);
    const issues = [rawIssue(1, { subject: 'x'.repeat(79) })];
    expect(messages(rawPublication({ issues }))).toEqual([
      'content/issues/001.mdx: subject is too long (at most 78 characters): shorten it',
    ]);
  });

  it('reports frontmatter that is not YAML', () => {
    const tips = [parseEntry('content/tips/broken.mdx', '---\ntitle: A title\n  date: 2026-01-05\n---\n\nBody\n')];
    expect(messages(rawPublication({ tips, issues: [] }))).toEqual([
      'content/tips/broken.mdx:3: the frontmatter is not valid YAML: bad indentation of a mapping entry. Check the quotes and indentation near that line',
    ]);
  });
});

describe('validateContent: cross-checks', () => {
  it('reports an author that does not exist, listing the ones that do', () => {
    const tips = [rawTip('answer-first', { author: 'sam' })];
    expect(messages(rawPublication({ tips }))).toEqual([
      'content/tips/answer-first.mdx: author "sam" is not an author: use the file name of one in content/authors/ (dana) or add content/authors/sam.yaml',
    ]);
  });

  it("points an author's display name at the author's file name", () => {
    const authors = [rawAuthor('dana-whitfield', { name: 'Dana Whitfield' }), rawAuthor('priya-raman', { name: 'Priya Raman' })];
    const tips = [rawTip('answer-first', { author: 'Dana Whitfield' })];
    expect(messages(rawPublication({ authors, tips }))).toEqual([
      'content/tips/answer-first.mdx: author "Dana Whitfield" is not an author: did you mean "dana-whitfield"? An author is named by the file name in content/authors/ (dana-whitfield, priya-raman)',
    ]);
  });

  it('reports a missing tip and a missing archive tip', () => {
    const issues = [rawIssue(1, { tip: 'nope', fromTheArchive: 'gone' })];
    expect(messages(rawPublication({ issues }))).toEqual([
      'content/issues/001.mdx: tip "nope" is not a tip: use the file name (without .mdx) of one in content/tips/',
      'content/issues/001.mdx: fromTheArchive "gone" is not a tip: use the file name (without .mdx) of one in content/tips/',
    ]);
  });

  it('refuses two issues with one number, and two issues in one week', () => {
    const issues = [rawIssue(1), { ...rawIssue(2, { number: 1 }), file: 'content/issues/002.mdx' }];
    expect(messages(rawPublication({ issues }))).toContain(
      'content/issues/002.mdx: number 1 is already used by content/issues/001.mdx: give each issue its own number',
    );
    const sameWeek = [rawIssue(1), rawIssue(2, { date: new Date('2026-01-07') })];
    expect(messages(rawPublication({ issues: sameWeek }))).toEqual([
      'content/issues/002.mdx: date 2026-01-07 is in the same week (2026-W02) as content/issues/001.mdx: one issue per week, move one to another week',
    ]);
  });

  it('refuses the same article twice in one issue, even written differently', () => {
    const picks = [rawPick(1), rawPick(2), rawPick(3, { url: 'https://EXAMPLE.com/articles/1/#top' })];
    expect(messages(rawPublication({ issues: [rawIssue(1, { picks })] }))).toEqual([
      'content/issues/001.mdx: pick 3 (url) https://EXAMPLE.com/articles/1/#top is already pick 1 of this issue: remove one of them',
    ]);
  });

  it('refuses a published issue whose tip is a draft or dated later', () => {
    const draftTip = [rawTip('answer-first', { draft: true })];
    expect(messages(rawPublication({ tips: draftTip }))).toEqual([
      'content/issues/001.mdx: tip "answer-first" is a draft: publish the tip (draft: false) or mark this issue as a draft too',
    ]);
    const lateTip = [rawTip('answer-first', { date: new Date('2026-02-01') })];
    expect(messages(rawPublication({ tips: lateTip }))[0]).toMatch(/is dated 2026-02-01, after this issue \(2026-01-05\)/);
    const draftIssue = [rawIssue(1, { draft: true })];
    expect(messages(rawPublication({ tips: draftTip, issues: draftIssue }))).toEqual([]);
  });

  it('formats a block the build log can show', () => {
    const problems = validateContent(rawPublication({ tips: [rawTip('answer-first', { author: 'x' })] }), everyImageExists);
    expect(errorReport(problems, 'build')?.split('\n')[0]).toBe('Content check found 1 error. Nothing was built; fix these and build again:');
    expect(errorReport(problems, 'dev')?.split('\n')[0]).toBe(
      'Content check found 1 error. Pages show this list instead of content until they are fixed; save the file and the dev server checks again:',
    );
  });
});

describe('closest', () => {
  it('suggests near misses only', () => {
    expect(closest('titel', ['title', 'tags'])).toBe('title');
    expect(closest('zzzzzz', ['title', 'tags'])).toBeUndefined();
  });
});

describe('validateContent: email readiness', () => {
  it('names a component that has no web and email rendering', () => {
    const tip = { ...rawTip('answer-first'), body: 'Text\n\n<Callout>hi</Callout>\n\n<Takeaway>ok</Takeaway>\n\n`<NotCode>`' };
    expect(messages(rawPublication({ tips: [tip] }))).toEqual([
      'content/tips/answer-first.mdx: uses <Callout>, which has no web and email rendering: use one of Takeaway, Dialogue, Line, Quiz, TipsList, or add src/components/mdx/Callout.astro and src/components/email/mdx/Callout.astro and list it in src/email/components.ts',
    ]);
  });

  it('reads a .md issue as plain Markdown: braces are text, a component asks for .mdx', () => {
    const plain = { ...rawIssue(1), file: 'content/issues/001.md', body: 'Mind the brace { in this sentence, and 3 < 4.' };
    expect(messages(rawPublication({ issues: [plain] }))).toEqual([]);
    const asMdx = { ...plain, file: 'content/issues/001.mdx' };
    expect(messages(rawPublication({ issues: [asMdx] })).length).toBeGreaterThan(0);
    const withComponent = { ...plain, body: 'Hello\n\n<Takeaway>Keep it short.</Takeaway>' };
    expect(messages(rawPublication({ issues: [withComponent] }))).toEqual([
      'content/issues/001.md: uses <Takeaway>, but components only work in .mdx files: rename the file to 001.mdx',
    ]);
  });

  it('refuses a default subject over 78 characters and accepts a short explicit one', () => {
    const tips = [rawTip('answer-first', { title: 'A deliberately long title that pushes the default subject past the limit' })];
    expect(validateContent(rawPublication({ tips }), { ...everyImageExists, publicationTitle: 'Tip of the Week' }).map(formatProblem)).toEqual([
      'content/issues/001.mdx: subject is not set, and the default "Tip of the Week #1: A deliberately long title that pushes the default subject past the limit" is 92 characters, over 78: add a shorter subject: line',
    ]);
    const issues = [rawIssue(1, { subject: 'Short and clear' })];
    expect(validateContent(rawPublication({ tips, issues }), { ...everyImageExists, publicationTitle: 'Tip of the Week' })).toEqual([]);
  });
});
