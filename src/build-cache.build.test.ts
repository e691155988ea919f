/**
 * What a rebuild reuses must never change what it writes (slow: three builds of the fixture
 * publication). Astro's incremental build copies pages whose key and code are unchanged
 * (src/views/), the email step reuses finished and checked emails (build/cache/emails.json),
 * and the content chunks group the bundle. One project copy builds the fixtures, then the
 * weekly change (one new tip and one new issue featuring it), with what the first build left
 * in build/; another builds the changed content cold, with every cache off and Astro's chunking
 * (a fresh build/, TOTW_NO_CACHE=1, TOTW_CONTENT_CHUNKS=0). Every file of the site
 * (dist/client, the search index included) and of the emails (build/email) must be the same,
 * byte for byte, apart from the manifest's build time. The fixtures get 23 short tips more for
 * this test, so the lists paginate and the related tips have neighbours to choose from: the
 * rebuild must re-render the pages that show the new tip, and reuse every other keyed page,
 * the numbered archive pages among them (src/views/pagination.ts).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, projectRoot, runAstroBuild, stageProject, type SiteBuild } from './testing/build-site.fs.ts';

const fixtures = join(projectRoot, 'src/testing/fixtures/content');
const env = { SITE_URL: 'https://fixture.example' };

/**
 * The week's new content: a tip and the issue that features it. The tip's topic is new, so the
 * pages it changes are few and known (its neighbour's "Next" link among them): a key that
 * missed one of them would leave that page stale, and the comparison below would find it. The
 * fixtures' issues #2 and #3 are dated 2099 and numbers must rise with dates, so #4 is scheduled
 * (its email is built, its page is not yet).
 */
const weekly: Record<string, string> = {
  'tips/answer-the-question-asked.mdx': `---
title: Answer the question that was asked
date: 2026-01-12
summary: A weekly tip added between two builds, to show what a rebuild renders again and what it reuses.
takeaway: Answer first, explain after.
tags: [listening]
author: guest
---

Lead with the answer the customer asked for, then give the reasons.
`,
  'issues/4.md': `---
number: 4
date: 2099-01-19
tip: answer-the-question-asked
fromTheArchive: older-tip
picks:
${[1, 2, 3].map((n) => `  - title: Weekly pick ${n}\n    url: https://example.com/weekly-${n}\n    author: Writer ${n}\n    source: Example Weekly\n    summary: A pick added with the week's issue, summarised in our own words.\n    comment: Why pick ${n} is worth the reader's time this week.`).join('\n')}
---

A short editor's note for the new week.
`,
};

const day = 86_400_000;
/**
 * 23 tips on listening, a week apart, the newest on 2026-01-03 (nine days before the week's
 * tip): with the fixtures' two, 25 tips, so /tips/ and /tags/listening/ show the newest 15 and
 * page 1 the oldest 10. Of these, only the newest is nearer in date to the week's tip than to
 * its own third-nearest, so its related list is the only one the week's tip joins.
 */
const listeningTips = Array.from({ length: 23 }, (_, i) => [
  `tips/listening-note-${i + 1}.mdx`,
  `---
title: Listening note number ${i + 1}
date: ${new Date(Date.UTC(2026, 0, 3) - i * 7 * day).toISOString().slice(0, 10)}
summary: Listening note ${i + 1} of a series written for the rebuild test, one short idea each week.
takeaway: Note ${i + 1}, listen before you reply.
tags: [listening]
author: ada
---

Let the customer finish; note ${i + 1} says why the pause pays.
`,
]);

const addListening = (contentDir: string) => {
  for (const [path, text] of listeningTips) writeFileSync(join(contentDir, path!), text!);
};

const addWeek = (contentDir: string) => {
  for (const [path, text] of Object.entries(weekly)) writeFileSync(join(contentDir, path), text);
};

let changed: string;
let uncached: SiteBuild;
let first: SiteBuild;
let rebuilt: SiteBuild;
let rebuildStarted: number;

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();

/** Every output file by path relative to the project, with the build's own clock reading taken out. */
function outputs(build: SiteBuild): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const dir of ['dist/client', 'build/email']) {
    for (const file of files(join(build.root, dir))) {
      let bytes = readFileSync(file);
      if (file.endsWith('build/email/manifest.json')) {
        bytes = Buffer.from(bytes.toString('utf8').replace(/"builtAt": "[^"]+"/, '"builtAt": "(build time)"'));
      }
      out.set(relative(build.root, file), bytes);
    }
  }
  return out;
}

beforeAll(async () => {
  changed = mkdtempSync(join(tmpdir(), 'totw-weekly-content-'));
  cpSync(fixtures, changed, { recursive: true });
  addListening(changed);
  addWeek(changed);
  uncached = await buildSite(changed, { ...env, TOTW_NO_CACHE: '1', TOTW_CONTENT_CHUNKS: '0' });
  if (uncached.exitCode !== 0) throw new Error(`cold fixture build without caches failed:\n${uncached.output}`);
  const root = stageProject(fixtures);
  addListening(join(root, 'content'));
  first = await runAstroBuild(root, env);
  if (first.exitCode !== 0) throw new Error(`first fixture build failed:\n${first.output}`);
  addWeek(join(root, 'content'));
  rebuildStarted = Date.now();
  rebuilt = await runAstroBuild(root, env);
  if (rebuilt.exitCode !== 0) throw new Error(`rebuild after the weekly change failed:\n${rebuilt.output}`);
});
afterAll(() => {
  uncached?.cleanup();
  first?.cleanup();
  rmSync(changed, { recursive: true, force: true });
});

describe('a rebuild after the weekly change', () => {
  it('reuses the unchanged pages and emails (otherwise this comparison would prove nothing)', () => {
    const pages = (build: SiteBuild) => /\[build\] (\d+) pages(?: rendered|: (\d+) rendered, (\d+) reused from the last build)/.exec(build.output)?.slice(1).map((n) => (n === undefined ? undefined : Number(n)));
    const [total, rendered, reused] = pages(rebuilt)!;
    expect(rendered! + reused!).toBe(total);
    expect(reused).toBeGreaterThan(0);
    expect(rendered).toBeGreaterThan(0);
    expect(pages(first)![0]).toBeLessThan(total!);
    expect(pages(first)!.slice(1)).toEqual([undefined, undefined]);
    expect(pages(uncached)).toEqual([total, undefined, undefined]);
    expect(rebuilt.output).toMatch(/4 issue emails checked and written to build\/email\/ \(largest HTML [\d.]+ KB; 6 of 7 unchanged since the last build, reused\)\./);
    expect(uncached.output).not.toMatch(/unchanged since the last build/);
  });

  it('renders again exactly the keyed pages that show the new tip, and reuses the others, the archive pages among them', () => {
    // A page Astro reuses is copied from its cache with the time it was first written; a rendered one is written now.
    const keyed = [...outputs(rebuilt).keys()].map((file) => relative('dist/client', file)).filter((file) => /^(tips|issues|tags|authors)\/.+\/(index\.html|rss\.xml)$/.test(file));
    const rendered = keyed.filter((file) => statSync(join(rebuilt.root, 'dist/client', file)).mtimeMs >= rebuildStarted);
    expect(keyed).toEqual(expect.arrayContaining(['tips/page/1/index.html', 'tags/listening/page/1/index.html']));
    expect(rendered.sort()).toEqual([
      'authors/guest/index.html', // the week's tip is Gus's
      'tags/listening/index.html',
      'tags/listening/rss.xml',
      'tips/answer-the-question-asked/index.html',
      'tips/every-component/index.html', // its "Next" link now goes to the week's tip
      'tips/listening-note-1/index.html', // the week's tip joins its related tips
    ]);
  });

  it('links the archive front page and its numbered pages both ways, and lists them in the sitemap', () => {
    const page = (path: string) => readFileSync(join(rebuilt.dist, path), 'utf8');
    expect(page('tips/index.html')).toContain('<a href="/tips/page/1/" rel="next">Older →</a>');
    expect(page('tips/page/1/index.html')).toMatch(/<a href="\/tips\/" rel="prev">← Newer<\/a>\s*<span>Page 1<\/span>/);
    expect(page('tips/page/1/index.html')).toContain('listening-note-23/');
    expect(page('tips/index.html')).not.toContain('listening-note-23/');
    expect(page('tags/listening/index.html')).toContain('<a href="/tags/listening/page/1/" rel="next">Older →</a>');
    expect(page('sitemap-0.xml')).toContain('<loc>https://fixture.example/tags/listening/page/1/</loc>');
  });

  it('and the grouped content chunks are used (otherwise this comparison would prove nothing)', () => {
    const tipChunks = (build: SiteBuild) => /content\/tips: (\d+) files in (\d+) chunks? of the prerender bundle\./.exec(build.output)?.slice(1).map(Number);
    const [count, perFileChunks] = tipChunks(uncached)!;
    expect(count).toBeGreaterThan(1);
    expect(perFileChunks).toBeGreaterThanOrEqual(count!);
    expect(tipChunks(rebuilt)).toEqual([count, 1]);
  });

  it('writes every file byte for byte as a cold build of the same content without caches', () => {
    const expected = outputs(uncached);
    const actual = outputs(rebuilt);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    expect(expected.size).toBeGreaterThan(20);
    const different = [...expected].filter(([path, bytes]) => !bytes.equals(actual.get(path)!)).map(([path]) => path);
    expect(different).toEqual([]);
  });
});
