/**
 * The sample publication's built site: a social card for every tip and issue page, each the
 * right size and each its own, and the pages pointing at them with absolute URLs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';

let build: SiteBuild;
beforeAll(async () => {
  build = await sharedBuild('sample');
  if (build.exitCode !== 0) throw new Error(`sample build failed:\n${build.output}`);
});
afterAll(() => build?.cleanup());

const pagesIn = (dir: string) => readdirSync(join(build.dist, dir), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'page').map((e) => `/${dir}/${e.name}/`);
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html)?.[1];

describe('social cards in the built sample site', () => {
  it('gives every tip and issue page its own 1200×630 card, linked with an absolute URL, size and alternative text', async () => {
    const pages = [...pagesIn('tips'), ...pagesIn('issues')];
    expect(pages.length).toBe(21);
    const digests = new Set<string>();
    for (const page of pages) {
      const html = readFileSync(join(build.dist, page, 'index.html'), 'utf8');
      const image = meta(html, 'og:image');
      expect(image, page).toMatch(/^https:\/\/tips\.example\.com\/og\/(tips|issues)\/[\w-]+\.png$/);
      expect(meta(html, 'twitter:image')).toBe(image);
      expect(meta(html, 'twitter:card')).toBe('summary_large_image');
      expect([meta(html, 'og:image:width'), meta(html, 'og:image:height')]).toEqual(['1200', '630']);
      expect(meta(html, 'og:image:alt')).toMatch(/^Tip of the Week · (Tip|Issue #\d+): ./);
      const png = readFileSync(join(build.dist, new URL(image!).pathname));
      expect(await sharp(png).metadata(), page).toMatchObject({ format: 'png', width: 1200, height: 630 });
      digests.add(createHash('sha256').update(png).digest('hex'));
    }
    expect(digests.size).toBe(pages.length);
  });

  it('keeps the cards out of the sitemap', () => {
    const sitemap = readFileSync(join(build.dist, 'sitemap-0.xml'), 'utf8');
    expect(sitemap).toContain('/tips/own-it/');
    expect(sitemap).not.toContain('/og/');
  });

  it("prints the cards' line in the build log", () => {
    expect(build.output).toMatch(/social cards: 21 drawn in [\d.]+ s, 0 reused/);
  });
});
