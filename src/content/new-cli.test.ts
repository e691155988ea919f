import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { main, NewError } from './new-cli.ts';
import { readContent, imageExistsOnDisk } from './read-content.fs.ts';
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
    const text = readFileSync(join(root, 'content/issues/004.mdx'), 'utf8');
    expect(text).toContain('number: 4');
    expect(text).toContain('date: 2099-01-19');
    expect(text).toContain('tip: a-brand-new-lesson');
    expect(text.match(/- # The article's own headline/g)).toHaveLength(3);
    expect(problems()).toEqual([]);
  });

  it('explains what it needs', () => {
    expect(() => main(['tip'], root, io)).toThrow(NewError);
    expect(() => main(['tip', 'x', '--author', 'nobody'], root, io)).toThrow('"nobody" is not an author; use one of ada, guest.');
    expect(() => main(['poem'], root, io)).toThrow(/Usage: npm run new -- tip/);
  });
});
