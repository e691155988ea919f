import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imageExistsOnDisk, readContent } from '../../content/read-content.fs.ts';
import { validateContent } from '../../content/validate.ts';
import { main } from '../cli.ts';
import { WxrError } from './wxr.ts';

const FIXTURES = join(import.meta.dirname, '../../testing/fixtures/import/wordpress');
const EXPORT = join(FIXTURES, 'front-line-notes.WordPress.2026-12-01.xml');
const UPLOADS = join(FIXTURES, 'uploads');

let root: string;
let out: string;
const run = (...argv: string[]) => {
  out = '';
  return main(['wordpress', ...argv], {}, root, { out: (t) => void (out += t), err: (t) => void (out += t), now: () => new Date('2026-12-04T10:00:00Z') });
};
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const files = (dir = root, prefix = ''): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort() : [];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'totw-wp-import-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm run import -- wordpress', () => {
  it('imports tips, drafts, a digest as an archive issue, authors, pictures and redirects, all passing the content check', async () => {
    expect(await run(EXPORT, '--uploads', UPLOADS)).toBe(0);
    expect(files()).toEqual([
      'content/authors/dev-okafor.yaml',
      'content/authors/marta.yaml',
      'content/authors/rosa-lind.yaml',
      'content/issues/001.md',
      'content/tips/a-guests-view-of-the-queue.mdx',
      'content/tips/answer-the-question-they-asked.mdx',
      'content/tips/closing-the-loop.mdx',
      'content/tips/escalation-ladder.mdx',
      'content/tips/half-written-the-hand-off-note.mdx',
      'content/tips/how-we-track-promises.mdx',
      'content/tips/images/answer-the-question-they-asked/desk.jpg',
      'content/tips/images/write-the-reply-you-would-want/queue-chart.png',
      'content/tips/images/write-the-reply-you-would-want/reply-draft.jpg',
      'content/tips/notes-for-the-team.mdx',
      'content/tips/three-links-i-liked.mdx',
      'content/tips/uber-den-tellerrand.mdx',
      'content/tips/write-the-reply-you-would-want.mdx',
      'content/tips/お客様の声.mdx',
      'imported/nginx-redirects.conf',
      'imported/redirects.json',
      'imported/wordpress.json',
      'public/_redirects',
    ]);
    // The full-size original was copied, not WordPress's 300×200 copy the post showed.
    expect(readFileSync(join(root, 'content/tips/images/answer-the-question-they-asked/desk.jpg'))).toEqual(readFileSync(join(UPLOADS, '2016/11/desk.jpg')));
    const content = readContent(root);
    expect(validateContent(content, { imageExists: imageExistsOnDisk(root), publicationTitle: 'Tip of the Week' })).toEqual([]);
    expect(content.tips.filter((t) => (t.data as { draft?: boolean }).draft).map((t) => t.id)).toEqual(['closing-the-loop', 'escalation-ladder', 'half-written-the-hand-off-note', 'notes-for-the-team']);
    expect(read('content/tips/write-the-reply-you-would-want.mdx')).toBe(`---
title: "Write the reply you would want to get"
date: 2019-05-06
summary: "Before you send a reply, read it as the customer will: tired, on a phone, between two other things."
takeaway: "Read your reply on a phone before you send it."
tags: ["writing", "e-mail"]
author: dev-okafor
hero: ./images/write-the-reply-you-would-want/reply-draft.jpg
heroAlt: "A reply being written on a phone"
---

Before you send a reply, read it as the customer will: tired, on a phone, between two other things.

## Three checks

1. Is the answer in the first two lines?
2. Is there **one** next step, and is it theirs or yours?
3. Would you understand it without the ticket history?

![Replies answered in the first line, by week](./images/write-the-reply-you-would-want/queue-chart.png)

*Replies that lead with the answer, week by week*

> Short is kind.

| Check         | Time |
| ------------- | ---- |
| Answer first  | 10 s |
| One next step | 5 s  |

[https://vimeo.com/123456](https://vimeo.com/123456)
`);
    expect(read('content/issues/001.md')).toMatch(/^---\nnumber: 1\ndate: 2016-11-25\ntitle: "Five customer service reads for the week"\narchived: true\npicks:\n  - title: "Queues that keep moving"\n    url: "https:\/\/journal.example.org\/queues-that-move"\n    author: "Priya Raman"\n    source: "Service Journal"\n/);
    expect(read('content/authors/rosa-lind.yaml')).toBe('name: "Rosa Lind"\nbio: "Rosa runs the night shift of a travel help line and writes about queues from the inside."\nurl: "https://rosa.example.org"\nguest: true\n');
    expect(read('content/tips/a-guests-view-of-the-queue.mdx')).toContain('author: rosa-lind\nseries: "Guest post"\n');
    expect(read('content/tips/how-we-track-promises.mdx')).toContain('[answering the question they asked](/tips/answer-the-question-they-asked/)');
  });

  it('ends with a report of what it did and every entry that needs a person, as file:line', async () => {
    await run(EXPORT, '--uploads', UPLOADS);
    expect(out).toContain(`Imported ${EXPORT} (WordPress export 1.2 of "Front Line Notes", https://old.example.com):
  tips        11 (4 of the posts are drafts)
  issues      1 (curated digests, archived: true)
  authors     3
  pictures    3 copied, some linked by their old address (listed below)
  redirects   29 old addresses (imported/redirects.json, public/_redirects, imported/nginx-redirects.conf)
  skipped     1 trashed posts, 2 attachments, 1 guest author records (read as authors), 1 pages, 1 revisions, 1 nav menu items, 2 comments
  files       21 written, 0 updated, 0 unchanged, 0 left alone
`);
    const needs = out.slice(out.indexOf('Needs a person'));
    expect(needs).toContain('content/tips/answer-the-question-they-asked.mdx:30: picture was not found in the uploads folder (looked for 2016/11/lost-photo.jpg)');
    expect(needs).toContain('content/tips/answer-the-question-they-asked.mdx:32: kept the shortcode [contact-form-7 id="12" title="Ask us"] as text');
    expect(needs).toContain('content/tips/three-links-i-liked.mdx:10: this post looks like a digest (links with "My comment:") but could not be split into picks, so it is a tip: pick 1 ("A note on hold music"): no author after the title ("by …")');
    expect(needs).toContain('content/tips/escalation-ladder.mdx:8: the post was password-protected, so it is imported as a draft');
    expect(needs).toContain('content/authors/marta.yaml:2: bio was written by the importer (the export has none)');
    expect(needs).toContain('content/issues/001.md: pick 2: the link was http://, written as https://');
    const lines = read('content/tips/answer-the-question-they-asked.mdx').split('\n');
    expect(lines[29]).toBe('[Picture: A note on a monitor](https://old.example.com/wp-content/uploads/2016/11/lost-photo.jpg)');
    expect(lines[31]).toBe('\\[contact-form-7 id="12" title="Ask us"]');
  });

  it('is idempotent: a second run changes nothing; edited and deleted files are left alone and listed', async () => {
    await run(EXPORT, '--uploads', UPLOADS);
    const first = Object.fromEntries(files().map((f) => [f, readFileSync(join(root, f))]));
    await run(EXPORT, '--uploads', UPLOADS);
    expect(out).toContain('  files       0 written, 0 updated, 21 unchanged, 0 left alone\n');
    const manifest = JSON.parse(read('imported/wordpress.json')) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files)).toHaveLength(21);

    const edited = 'content/tips/uber-den-tellerrand.mdx';
    writeFileSync(join(root, edited), read(edited).replace('Wer zuerst zuhört', 'Wer immer zuerst zuhört'));
    rmSync(join(root, 'content/tips/notes-for-the-team.mdx'));
    const changedExport = join(root, 'export.xml');
    writeFileSync(changedExport, readFileSync(EXPORT, 'utf8').replace('Before you send a reply, read it', 'Before you send any reply, read it').replace('Wer zuerst zuhört', 'Wer als Erstes zuhört'));
    await run(changedExport, '--uploads', UPLOADS);
    expect(out).toContain('  files       0 written, 1 updated, 18 unchanged, 2 left alone\n');
    expect(out).toContain(`Left alone:\n  ${edited}: changed since the last import, so left as it is: delete it and run the import again to replace it\n  content/tips/notes-for-the-team.mdx: was deleted or renamed after the last import, so not written again`);
    expect(read(edited)).toContain('Wer immer zuerst zuhört');
    expect(existsSync(join(root, 'content/tips/notes-for-the-team.mdx'))).toBe(false);
    expect(read('content/tips/write-the-reply-you-would-want.mdx')).toContain('Before you send any reply');
    expect(readFileSync(join(root, 'content/tips/images/answer-the-question-they-asked/desk.jpg'))).toEqual(first['content/tips/images/answer-the-question-they-asked/desk.jpg']);
  });

  it('writes nothing on --dry-run, and nothing for a broken or foreign file, with one clear error', async () => {
    expect(await run(EXPORT, '--uploads', UPLOADS, '--dry-run')).toBe(0);
    expect(out).toContain('  files       21 to write, 0 to update, 0 unchanged, 0 left alone\n');
    expect(out).toContain('Nothing was written. Run the same command without --dry-run to import.');
    expect(files()).toEqual([]);

    const broken = join(tmpdir(), `totw-broken-${process.pid}.xml`);
    writeFileSync(broken, readFileSync(EXPORT, 'utf8').slice(0, 20_000));
    await expect(run(broken)).rejects.toThrow(WxrError);
    await expect(run(broken)).rejects.toThrow(/^.*totw-broken-\d+\.xml:\d+:\d+: the export is not well-formed XML \(.*\)\. It may have been cut short while downloading: export it again from WordPress \(Tools → Export\)\. Nothing was written\.$/);
    writeFileSync(broken, '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>');
    await expect(run(broken)).rejects.toThrow(`${broken} is an RSS feed, not a WordPress export (it has no <wp:wxr_version>)`);
    rmSync(broken);
    expect(files()).toEqual([]);
  });

  it('moves in next to content that is already there: a clashing tip gets the post id, an existing author and issue week are respected', async () => {
    mkdirSync(join(root, 'content/tips'), { recursive: true });
    mkdirSync(join(root, 'content/authors'), { recursive: true });
    mkdirSync(join(root, 'content/issues'), { recursive: true });
    writeFileSync(join(root, 'content/tips/answer-the-question-they-asked.mdx'), '---\ntitle: "Mine"\n---\n');
    writeFileSync(join(root, 'content/authors/marta.yaml'), 'name: "Marta Q."\nbio: "Our own biography of Marta, written here."\n');
    writeFileSync(join(root, 'content/issues/007.md'), '---\nnumber: 7\ndate: 2016-11-23\ntip: x\npicks: []\n---\n');
    await run(EXPORT, '--uploads', UPLOADS);
    expect(read('content/tips/answer-the-question-they-asked.mdx')).toBe('---\ntitle: "Mine"\n---\n');
    expect(read('content/tips/answer-the-question-they-asked-101.mdx')).toContain('title: "Answer the question they asked"');
    expect(read('content/authors/marta.yaml')).toContain('Our own biography');
    expect(out).toContain('content/authors/marta.yaml: kept as it is: the imported posts by "marta" are credited to this existing author');
    // The digest falls in the week of issue #7, so it is kept as a tip and listed.
    expect(existsSync(join(root, 'content/issues/008.md'))).toBe(false);
    expect(out).toContain('content/tips/five-customer-service-reads.mdx:10: this post looks like a digest (links with "My comment:") but could not be split into picks, so it is a tip: another issue is already in the week of 2016-11-25 (one issue per week)');
    expect(JSON.parse(read('imported/redirects.json')).paths['/2016/11/17/answer-the-question-they-asked/']).toBe('/tips/answer-the-question-they-asked-101/');
  });
});
