/**
 * Imported pictures and `npm run check`: alt text comes from the export wherever it has some
 * (the attachment's alt text, the caption), and a picture nothing describes makes its post a
 * draft with the picture kept in a comment, so the archive still passes the check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../content/problems.ts';
import { checkContentOnDisk } from '../../content/read-content.fs.ts';
import { main } from '../cli.ts';

const FIXTURES = join(import.meta.dirname, '../../testing/fixtures/import/wordpress');
const EXPORT = join(FIXTURES, 'alt-text.WordPress.2026-12-01.xml');
const UPLOADS = join(FIXTURES, 'uploads-alt');

let root: string;
let out: string;
const run = (...argv: string[]) => {
  out = '';
  return main(['wordpress', ...argv], {}, root, { out: (t) => void (out += t), err: (t) => void (out += t), now: () => new Date('2026-12-04T10:00:00Z') });
};
const read = (path: string) => readFileSync(join(root, path), 'utf8');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-wp-alt-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('alt text of imported pictures', () => {
  it('takes it from the attachment, then the caption, and passes npm run check', async () => {
    expect(await run(EXPORT, '--uploads', UPLOADS)).toBe(0);
    const tip = read('content/tips/label-the-shelves.mdx');
    expect(tip).toContain('![Grey shelves, each with a printed size label](./images/label-the-shelves/shelf.jpg)');
    // alt="photo" says nothing, so the caption describes the picture.
    expect(tip).toContain('![A headset hung where the next shift will find it](./images/label-the-shelves/headset.jpg)');
    expect(tip).not.toContain('draft: true');
    expect(checkContentOnDisk(root, 'Back Office Notes').problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  });

  it('makes a post whose picture nothing describes a draft, keeps the picture in a comment and lists its line with the fix', async () => {
    expect(await run(EXPORT, '--uploads', UPLOADS)).toBe(0);
    const file = 'content/tips/spare-headset-drawer.mdx';
    const lines = read(file).split('\n');
    expect(lines).toContain('draft: true');
    const at = lines.findIndex((l) => l.includes('{/* TODO alt text')) + 1;
    expect(lines[at - 1]).toBe('{/* TODO alt text: nothing in the export describes this picture. Write it as ![what it shows](./images/spare-headset-drawer/IMG_2041.jpg), delete this comment, then delete "draft: true" */}');
    expect(readFileSync(join(root, 'content/tips/images/spare-headset-drawer/IMG_2041.jpg'))).toEqual(readFileSync(join(UPLOADS, '2020/02/IMG_2041.jpg')));
    expect(out).toContain(`${file}:${at}: picture ./images/spare-headset-drawer/IMG_2041.jpg has no alt text in the export`);
    expect(out).toMatch(/tips {8}2 \(1 of the posts are drafts\)/);
    expect(out).toContain(`${file}:${lines.indexOf('draft: true') + 1}: the post is imported as a draft because 1 picture(s) have no alt text`);
    // A draft is not live: no old address sends readers to it.
    expect(read('imported/redirects.json')).not.toContain('spare-headset-drawer');
    expect(checkContentOnDisk(root, 'Back Office Notes').problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  });
});
