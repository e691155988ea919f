/**
 * Builds the real site from fixture content for SITE_URL=https://fixture.example (slow: the
 * shared build of it, and a build of content the checks refuse) and checks what readers,
 * feed readers and search engines get. Drafts and future-dated entries must not leak into any
 * output.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEmail, MAX_HTML_BYTES } from './email/build/checks.ts';
import { parseManifest } from './email/contract/manifest.ts';
import { main as emailPreview } from './email/preview-cli.ts';
import { fillPlaceholders } from './email/placeholders.ts';
import { buildSite, projectRoot, type SiteBuild } from './testing/build-site.fs.ts';
import { SHARED_SITES, sharedBuild } from './testing/shared-build.fs.ts';

const fixtures = join(projectRoot, 'src/testing/fixtures');
const SITE = SHARED_SITES.fixture.env.SITE_URL;
let build: SiteBuild;

const read = (path: string) => readFileSync(join(build.dist, path), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T,>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
});
afterAll(() => build?.cleanup());

describe('built site from fixtures', () => {
  it('keeps drafts and future-dated tips and issues out of every output', () => {
    const leaks = files(build.dist)
      .filter((f) => /\.(html|xml|txt|json)$/.test(f))
      .filter((f) => /DRAFT-|FUTURE-|HIDDEN-PICK|secret drafts|future plans|class="preview-banner"|href="\/drafts\/"/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(build.dist, f));
    expect(leaks).toEqual([]);
    for (const path of ['tips/draft-tip', 'tips/future-tip', 'issues/2', 'issues/3', 'tags/secret-drafts', 'tags/future-plans', 'drafts']) {
      expect(existsSync(join(build.dist, path)), path).toBe(false);
    }
  });

  it('renders a tip page with every component, the hero, share links, related tips and navigation', () => {
    const html = read('tips/every-component/index.html');
    expect(html).toContain('<h1>A tip that uses every component</h1>');
    expect(html).toMatch(/<img[^>]+alt="A doorway full of warm light\."[^>]+width="\d+"[^>]+height="\d+"/);
    expect(html).toContain('Every component renders without JavaScript.');
    expect(html).toMatch(/class="who who-customer">Customer:<\/span>\s*Where is my parcel\?/);
    expect(html).toMatch(/<details><summary>Show the answer<\/summary><p><strong>Answer: B\.<\/strong> Right one<\/p>/);
    expect(html).toMatch(/class="tips-list"[\s\S]*<ol>[\s\S]*First step/);
    expect(html).toContain('min read');
    expect(html).toContain('https://x.com/intent/post?text=');
    expect(html).toContain('linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Ffixture.example%2Ftips%2Fevery-component%2F');
    expect(html).toContain('In <a href="/issues/1/">issue #1</a>');
    expect(html).toMatch(/Related tips[\s\S]*href="\/tips\/older-tip\/"/);
    expect(html).toContain('rel="prev">← Previous: An older tip by a guest');
    expect(html).toContain('<form class="subscribe" method="post" action="/subscribe/">');
    expect(html).toContain(`<link rel="canonical" href="${SITE}/tips/every-component/">`);
    // The page's social card (src/cards/), which draws the hero; the JSON-LD names the hero itself.
    expect(html).toContain(`<meta property="og:image" content="${SITE}/og/tips/every-component.png">`);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)?.[1] ?? '{}');
    expect(ld).toMatchObject({ '@type': 'BlogPosting', headline: 'A tip that uses every component', datePublished: '2026-01-05', author: { name: 'Ada Fixture' } });
  });

  it('optimises the pictures in a tip\'s text for the web, as Astro does (WebP, size, lazy loading), with their alt text', () => {
    const html = read('tips/every-component/index.html');
    for (const [name, alt] of [['queue-board', 'A queue board with three columns of cards, fewest in the last'], ['reply-times', 'Bar chart of first-reply times over five weeks']]) {
      const img = new RegExp(`<img src="(/_astro/${name}\\.[^"]+\\.webp)"[^>]* alt="${alt}" loading="lazy" decoding="async" width="\\d+" height="\\d+">`).exec(html);
      expect(img, name).not.toBeNull();
      expect(existsSync(join(build.dist, img![1]!))).toBe(true);
    }
  });

  it('renders the issue page: tip, picks with comments, editor note and the archive tip', () => {
    const html = read('issues/1/index.html');
    expect(html).toContain("This week's picks");
    expect(html).toContain('<a href="https://example.com/two">Pick Two</a>');
    expect(html).toContain('<strong>My comment:</strong> My view on the first pick, with <em>emphasis</em>');
    expect(html).toContain('EDITOR-NOTE-MARKER');
    expect(html).toMatch(/From the archive[\s\S]*href="\/tips\/older-tip\/"/);
  });

  it('lists issues, tips, tags and authors', () => {
    expect(read('index.html')).toContain('Latest issue · #1');
    expect(read('issues/index.html')).toContain('href="/issues/1/"');
    expect(read('tips/index.html')).toMatch(/every-component[\s\S]*older-tip/);
    expect(read('tags/components/index.html')).toContain('Tips tagged “components”');
    expect(read('authors/guest/index.html')).toContain('Guest author');
    expect(read('404.html')).toContain('noindex');
  });

  it('gives every page one h1, a language, a skip link, a main landmark and feed autodiscovery', () => {
    const pages = files(build.dist).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = readFileSync(page, 'utf8');
      const name = relative(build.dist, page);
      expect(html.match(/<h1[\s>]/g)?.length, name).toBe(1);
      expect(html, name).toContain('<html lang="en">');
      expect(html, name).toContain('<a class="skip-link" href="#main">');
      expect(html, name).toContain('<main id="main"');
      expect(html, name).toContain(`<link rel="alternate" type="application/rss+xml" title="Tip of the Week (all issues)" href="${SITE}/rss.xml">`);
      expect(html, name).not.toMatch(/<img(?![^>]*\salt=)[^>]*>/);
    }
  });

  it('writes valid HTML on every page (html-validate, standard rules)', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const problems: string[] = [];
    for (const page of files(build.dist).filter((f) => f.endsWith('.html'))) {
      const report = await validator.validateFile(page);
      for (const result of report.results) {
        for (const m of result.messages) problems.push(`${relative(build.dist, page)}:${m.line}: ${m.ruleId} ${m.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('publishes a valid RSS 2.0 feed with the full issue in each item and only absolute URLs', () => {
    const text = read('rss.xml');
    const { rss } = xml.parse(text);
    expect(rss['@version']).toBe('2.0');
    expect(rss.channel).toMatchObject({ title: 'Tip of the Week', link: `${SITE}/`, language: 'en' });
    expect(rss.channel['atom:link']).toMatchObject({ '@href': `${SITE}/rss.xml`, '@rel': 'self' });
    const items = asArray(rss.channel.item);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ title: '#1: A tip that uses every component', link: `${SITE}/issues/1/`, pubDate: 'Mon, 05 Jan 2026 00:00:00 GMT' });
    expect(item.guid['#text']).toBe(`${SITE}/issues/1/`);
    expect(item.author).toBe('editor@tips.example.com (Dana Whitfield)');
    expect(asArray(item.category)).toEqual(['components', 'first impressions']);
    const content: string = item['content:encoded'];
    for (const expected of ['Where is my parcel?', 'Pick Three', 'My comment:', 'EDITOR-NOTE-MARKER', 'Show the answer']) {
      expect(content).toContain(expected);
    }
    expect(content).toContain(`href="${SITE}/tips/older-tip/"`);
    expect(content).toMatch(new RegExp(`<img src="${SITE}/_astro/queue-board\\.[^"]+"[^>]* alt="A queue board with three columns of cards, fewest in the last"`));
    expect(content).not.toMatch(/(?:href|src)="\/(?!\/)/);
  });

  it('publishes a feed per tag', () => {
    const { rss } = xml.parse(read('tags/components/rss.xml'));
    expect(asArray(rss.channel.item).map((i: { title: string }) => i.title)).toEqual(['A tip that uses every component', 'An older tip by a guest']);
    expect(asArray(rss.channel.item)[1]['dc:creator']).toBe('Gus Guest');
    const lesson: string = asArray(rss.channel.item)[0]['content:encoded'];
    expect(lesson).toMatch(new RegExp(`<img src="${SITE}/_astro/reply-times\\.[^"]+"[^>]* alt="Bar chart of first-reply times over five weeks"`));
    expect(lesson).not.toMatch(/(?:href|src)="\/(?!\/)/);
  });

  it('writes a sitemap without the 404 page, robots.txt and a search index of tips and issues only', () => {
    const sitemap = read('sitemap-0.xml');
    expect(sitemap).toContain(`<loc>${SITE}/tips/every-component/</loc>`);
    expect(sitemap).not.toContain('404');
    expect(read('robots.txt')).toContain(`Sitemap: ${SITE}/sitemap-index.xml`);
    const entry = JSON.parse(read('pagefind/pagefind-entry.json'));
    expect(entry.languages.en.page_count).toBe(3);
  });
});

describe('build output', () => {
  it('prints no bundler notice about "use astro:head-inject", one of which came per MDX file', () => {
    expect(build.output).not.toContain('MODULE_LEVEL_DIRECTIVE');
    expect(build.output).not.toContain('use astro:head-inject');
  });
});

describe('content warnings', () => {
  it('are printed in the build log, as npm run check prints them, and the build goes ahead', () => {
    expect(build.output).toMatch(/Content check: \d+ warnings, worth a look \(they do not stop the build\):/);
    expect(build.output).toContain("  - content/issues/2.mdx:3: issue #2 comes 3809 weeks after #1 (2026-W02 → 2099-W02): add an editor's note about the break, or check the date");
  });
});

describe('search: each tip once', () => {
  it("keeps the tip out of its issue page's searchable text, and nowhere else", () => {
    expect(read('issues/1/index.html')).toContain('<section aria-labelledby="tip-heading" data-pagefind-ignore="all">');
    expect(read('tips/every-component/index.html')).not.toContain('data-pagefind-ignore');
    expect(read('rss.xml')).not.toContain('pagefind');
  });
});

describe('email:preview after the build', () => {
  it('says to run the build first for an issue written since', async () => {
    const file = join(build.root, 'content/issues/9.md');
    writeFileSync(file, '---\nnumber: 9\n---\n');
    try {
      await expect(emailPreview(['9'], {}, build.root, { out: () => undefined, now: () => new Date() })).rejects.toThrow(
        'Issue 9 is not in the last build (built: 3, 2, 1), and content/ has changed since: run `npm run build` first, then `npm run email:preview -- 9` again.',
      );
    } finally {
      rmSync(file);
    }
  });
});

describe('build with bad content', () => {
  it('stops before rendering and names the file, the line, the field and the fix, without a stack trace', async () => {
    const bad = await buildSite(join(fixtures, 'content-bad'));
    try {
      expect(bad.exitCode).not.toBe(0);
      expect(bad.output).toContain(
        [
          '  - content/tips/bad-date.mdx:3: date 2026-02-30 is not a day of the calendar (February 2026 has 28 days): write it as YYYY-MM-DD',
          '  - content/tips/bad-date.mdx:12:1: <Takeaway> is never closed: close the tag opened on line 12 with </Takeaway> in the same paragraph',
          '  - content/tips/bad.mdx: heroAlt is required when hero is set: describe the image for readers who cannot see it',
          '  - content/tips/bad.mdx:9: sumary is not a field of a tip: did you mean "summary"?',
          '  - content/tips/bad.mdx:14:1: image ./images/missing.jpg was not found next to content/tips/bad.mdx: check the path and the file name (case matters)',
          '  - content/tips/latin-1.mdx:10:6: the file is not saved as UTF-8 (the character here is in another encoding, such as Latin-1 or Windows-1252): save the file as UTF-8 in your editor and check the accented letters',
        ].join('\n'),
      );
      expect(bad.output).not.toMatch(/^\s+at /m);
      expect(bad.output).not.toContain('Stack trace');
      expect(bad.output).not.toContain('UNLOADABLE_DEPENDENCY');
      expect(existsSync(join(bad.dist, 'index.html'))).toBe(false);
    } finally {
      bad.cleanup();
    }
  }, 240_000);
});

describe('issue emails from the fixture build (stress: 10 picks, every component)', () => {
  const emailDir = () => join(build.root, 'build/email');
  const manifest = () => parseManifest(JSON.parse(readFileSync(join(emailDir(), 'manifest.json'), 'utf8')));
  const part = (name: string) => readFileSync(join(emailDir(), name), 'utf8');

  it('writes every issue, with its status, outside the deployed site', () => {
    expect(manifest().issues.map((e) => [e.number, e.status])).toEqual([
      [3, 'draft'],
      [2, 'scheduled'],
      [1, 'published'],
    ]);
    expect(existsSync(join(build.dist, 'email'))).toBe(false);
    expect(read('sitemap-0.xml')).not.toContain('/email/');
  });

  it('passes the email checks and the size budget', () => {
    const entry = manifest().issues.find((e) => e.number === 1)!;
    const html = part(entry.html);
    expect(checkEmail({ html, text: part(entry.text), pickUrls: entry.pickUrls })).toEqual([]);
    expect(entry.pickUrls).toHaveLength(10);
    expect(entry.htmlBytes).toBeLessThanOrEqual(MAX_HTML_BYTES);
    expect(entry).toMatchObject({ subject: 'Tip of the Week #1: A tip that uses every component', preheader: 'Every component renders without JavaScript.' });
  });

  it('renders every component for inboxes: no details, the quiz answer shown, the hero with absolute URL and size', () => {
    const html = part('issue-1.html');
    expect(html).not.toContain('<details');
    expect(html).toMatch(/<strong[^>]*>Answer: B\.<\/strong> Right one/);
    expect(html).toMatch(/<strong[^>]*>Customer:<\/strong> Where is my parcel\?/);
    expect(html).toContain('Callout body text.');
    expect(html).toMatch(/<ol[^>]*>\s*<li[^>]*>First step/);
    const hero = /<img src="(https:\/\/fixture\.example\/_astro\/[^"]+)" width="552" height="\d+" alt="A doorway full of warm light\."/.exec(html);
    expect(hero).not.toBeNull();
    expect(existsSync(join(build.dist, new URL(hero![1]!).pathname))).toBe(true);
    expect(html).toContain(`href="${SITE}/issues/1/"`);
    expect(html).toContain('href="{{unsubscribe_url}}"');
    expect(html).toContain('100 Example Street');
    expect(html).toContain(`href="${SITE}/tips/older-tip/"`);
  });

  it("mails the pictures in a tip's text as absolute https JPEG and PNG files with width, height and alt, and no loading attribute", () => {
    const html = part('issue-1.html');
    const images = [...html.matchAll(/<img class="body-image" src="([^"]+)" width="(\d+)" height="(\d+)" alt="([^"]+)"[^>]*>/g)];
    expect(images.map(([, src, width, height, alt]) => [src!.replace(/\.[\w-]+\.(jpg|png)$/, '.$1'), width, height, alt])).toEqual([
      [`${SITE}/_astro/queue-board.jpg`, '552', '311', 'A queue board with three columns of cards, fewest in the last'],
      [`${SITE}/_astro/reply-times.png`, '400', '200', 'Bar chart of first-reply times over five weeks'],
    ]);
    for (const [tag, src] of images) {
      expect(tag).not.toMatch(/\s(loading|decoding|srcset)=/);
      expect(existsSync(join(build.dist, new URL(src!).pathname)), src).toBe(true);
    }
    expect(html).not.toContain('.webp');
    expect(html).not.toContain('content-file');
  });

  it("gives the text part each picture's alt text where it stands", () => {
    expect(part('issue-1.txt')).toContain('Reply times fell week by week:\n\n[Image: Bar chart of first-reply times over five weeks]');
  });

  it('derives a plain-text part with headings, lists and every link written out', () => {
    const text = part('issue-1.txt');
    expect(text).toContain("THIS WEEK'S PICKS");
    expect(text).toMatch(/1\. First step/);
    expect(text).toContain(`<${SITE}/issues/1/>`);
    for (const url of manifest().issues.find((e) => e.number === 1)!.pickUrls) expect(text).toContain(url);
    const filled = fillPlaceholders(text, { unsubscribe_url: 'https://fixture.example/u/x', manage_url: 'https://fixture.example/p/x', first_name: 'Ana' }, 'text');
    expect(filled).toContain('Hi Ana,');
    expect(filled).not.toMatch(/\{\{|\}\}/);
  });
});
