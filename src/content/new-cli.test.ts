import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { main, NewError } from './new-cli.ts';
import { readContent, imageExistsOnDisk } from './read-content.fs.ts';
import { formatProblem } from './problems.ts';
import { issueTemplate, PLACEHOLDERS, tipTemplate } from './scaffold.ts';
import { validateContent } from './validate.ts';

let root: string;
let out = '';
const io = { out: (t: string) => void (out += t), now: () => new Date('2026-11-23T09:00:00Z') };
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-new-'));
  cpSync(join(projectRoot, 'src/testing/fixtures/content'), join(root, 'content'), { recursive: true });
  out = '';
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const problems = () => validateContent(readContent(root), { imageExists: imageExistsOnDisk(root), publicationTitle: 'Tip of the Week' });

describe('npm run new', () => {
  it('writes a draft tip with valid frontmatter and a slug from the title, and never overwrites it', () => {
    expect(main(['tip', 'Say when, then beat it!'], root, io)).toBe(0);
    expect(out).toBe('Created content/tips/say-when-then-beat-it.mdx. Edit it, preview with `npm run dev`, and run `npm run check`. It is a draft until you set draft: false.\n');
    const text = readFileSync(join(root, 'content/tips/say-when-then-beat-it.mdx'), 'utf8');
    expect(text).toContain('title: "Say when, then beat it!"');
    expect(text).toContain('date: 2026-11-23');
    expect(problems()).toEqual([]);
    expect(() => main(['tip', 'Say when, then beat it!'], root, io)).toThrow('content/tips/say-when-then-beat-it.mdx already exists; nothing was written.');
  });

  it('writes next week\'s issue: next number, a week after the latest, the newest unused tip, a picks template', () => {
    main(['tip', 'A brand new lesson'], root, io);
    expect(main(['issue'], root, io)).toBe(0);
    const text = readFileSync(join(root, 'content/issues/004.md'), 'utf8');
    expect(text).toContain('number: 4');
    expect(text).toContain('date: 2099-01-19');
    expect(text).toContain('tip: a-brand-new-lesson');
    expect(text.match(/- # The article's own headline/g)).toHaveLength(3);
    expect(problems()).toEqual([]);
  });

  it("dates next week's issue after today, on the publication's weekday, when the last issue is months old", () => {
    main(['tip', 'A brand new lesson'], root, io);
    // The fixture's issues 2 and 3 are dated 2099; without them the latest is issue 1, Monday 2026-01-05.
    rmSync(join(root, 'content/issues/2.mdx'));
    rmSync(join(root, 'content/issues/3.mdx'));
    const on = (now: string) => ({ ...io, now: () => new Date(now) });
    main(['issue'], root, on('2026-12-04T09:00:00Z'));
    expect(readFileSync(join(root, 'content/issues/002.md'), 'utf8')).toContain('date: 2026-12-07');
    rmSync(join(root, 'content/issues/002.md'));
    // On an issue day itself, the next one is a week later: "next week's issue".
    main(['issue'], root, on('2026-12-07T09:00:00Z'));
    expect(readFileSync(join(root, 'content/issues/002.md'), 'utf8')).toContain('date: 2026-12-14');
  });

  it("does not invite a <Takeaway> in the text that repeats the takeaway field", () => {
    main(['tip', 'A brand new lesson'], root, io);
    const text = readFileSync(join(root, 'content/tips/a-brand-new-lesson.mdx'), 'utf8');
    expect(text).not.toContain('<Takeaway>');
    expect(text).toContain('# above the text, so the text need not repeat it.');
  });

  it('never writes an issue whose number an .mdx issue already has', () => {
    main(['tip', 'A brand new lesson'], root, io);
    // A misnumbered file (the check would flag it) still holds the name.
    writeFileSync(join(root, 'content/issues/004.mdx'), '---\nnumber: 3\n---\n');
    expect(() => main(['issue'], root, io)).toThrow('content/issues/004.mdx already exists; nothing was written.');
    expect(existsSync(join(root, 'content/issues/004.md'))).toBe(false);
  });

  it('explains what it needs', () => {
    expect(() => main(['tip'], root, io)).toThrow(NewError);
    expect(() => main(['tip', 'x', '--author', 'nobody'], root, io)).toThrow('"nobody" is not an author; use one of ada, guest.');
    expect(() => main(['poem'], root, io)).toThrow(/Usage: npm run new -- tip/);
  });
});

describe('placeholders from npm run new', () => {
  const publish = (file: string) => writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8').replace('draft: true', 'draft: false'));

  it('are all written by the templates (the list is the templates\' own)', () => {
    const written = tipTemplate({ title: 'T', date: new Date('2026-01-05'), author: 'ada' }) + issueTemplate({ number: 7, date: new Date('2026-01-05'), tip: 't' });
    for (const placeholder of [...Object.values(PLACEHOLDERS.tip), ...Object.values(PLACEHOLDERS.issue), ...Object.values(PLACEHOLDERS.pick)]) {
      expect(written).toContain(placeholder.replaceAll('{n}', placeholder.includes('#{n}') ? '7' : '1'));
    }
  });

  it('are errors, by field and line, once a scaffolded tip is no longer a draft', () => {
    main(['tip', 'Published without editing'], root, io);
    publish('content/tips/published-without-editing.mdx');
    expect(problems().map(formatProblem)).toEqual([
      'content/tips/published-without-editing.mdx:7: summary is still the placeholder from npm run new ("Say in one or two sentences what the reader will learn and why it matters at the front line."): write your own, or keep draft: true',
      'content/tips/published-without-editing.mdx:10: takeaway is still the placeholder from npm run new ("Write the one line a reader should remember."): write your own, or keep draft: true',
      'content/tips/published-without-editing.mdx:26: still has the placeholder text from npm run new ("Start with a situation your readers will recognise. Then the lesson, in plain words."): replace it with your own words, or keep draft: true',
    ]);
  });

  it('are errors in every pick of a scaffolded issue that is no longer a draft, URLs included', () => {
    main(['issue', '--tip', 'older-tip'], root, io);
    publish('content/issues/004.md');
    const found = problems().map(formatProblem);
    expect(found.filter((p) => p.includes('pick 2'))).toEqual([
      'content/issues/004.md:32: pick 2 (title) is still the placeholder from npm run new ("Title of article N"): write your own, or keep draft: true',
      'content/issues/004.md:34: pick 2 (url) is still the placeholder from npm run new ("https://example.com/replace-with-article-N"): paste the article\'s own address, or keep draft: true',
      'content/issues/004.md:36: pick 2 (author) is still the placeholder from npm run new ("Author name"): write your own, or keep draft: true',
      'content/issues/004.md:38: pick 2 (source) is still the placeholder from npm run new ("Publication"): write your own, or keep draft: true',
      'content/issues/004.md:40: pick 2 (summary) is still the placeholder from npm run new ("Replace this with two or three sentences, in your own words, on what the article says."): write your own, or keep draft: true',
      'content/issues/004.md:43: pick 2 (comment) is still the placeholder from npm run new ("Replace this with your own comment on why this matters to a customer-service team."): write your own, or keep draft: true',
    ]);
    expect(found.filter((p) => p.includes('placeholder'))).toHaveLength(3 * 6 + 1);
    expect(found).toContain(
      'content/issues/004.md:64: still has the placeholder text from npm run new ("Optional editor\'s note: anything below this line appears at the end of the issue. Delete it if you have nothing to add."): replace it with your own words, or keep draft: true',
    );
  });
});
