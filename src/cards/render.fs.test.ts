/**
 * Real cards from the real fonts: size, one card per text, glyphs drawn for Japanese and
 * Arabic (not tofu), a hero picture, and no network: fonts come only from files on disk.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { tipCard } from './card.ts';
import { FONT_SOURCES } from './font-choice.ts';
import { CardFonts } from './fonts.fs.ts';
import { renderCard } from './render.fs.ts';

const site = { title: 'Tip of the Week', url: 'https://tips.example.com', lang: 'en' };
const takeaway = 'Say what happens next, then do it sooner than you said.';
const fonts = new CardFonts();
const digest = (png: Buffer) => createHash('sha256').update(png).digest('hex');
const card = (title: string, f = fonts) => renderCard(tipCard({ title, takeaway }, site), f);

afterEach(() => vi.unstubAllGlobals());

describe('social card rendering', () => {
  it('draws a 1200×630 PNG, a different one for each title', async () => {
    const [a, b] = [await card('Close the loop before the ticket'), await card('Close the loop before the ticket!')];
    expect(await sharp(a).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    expect(digest(a)).not.toBe(digest(b));
    expect(digest(await card('Close the loop before the ticket'))).toBe(digest(a));
  });

  // A title and the same title with each word's letters reversed: drawn with glyphs, the cards
  // differ; drawn as tofu (every missing letter the same box) they are the same, as the font
  // set without the script's font shows.
  const reversedWords = (title: string) => title.split(' ').map((word) => [...word].reverse().join('')).join(' ');
  it.each([
    ['Japanese', 'BIZ UDPGothic', '最初の一言で信頼が決まる'],
    ['Arabic', 'Noto Sans Arabic', 'كيف ترد على شكوى العميل'],
    ['Cyrillic', 'Noto Sans cyrillic', 'Почему стоит переспросить'],
  ])('draws %s titles with their font (%s), not as tofu', async (_script, font, title) => {
    const without = new CardFonts({ sources: FONT_SOURCES.filter((s) => s.name !== font) });
    expect(digest(await card(title, without))).toBe(digest(await card(reversedWords(title), without)));
    expect(digest(await card(title))).not.toBe(digest(await card(reversedWords(title))));
    expect(digest(await card(title))).not.toBe(digest(await card(title, without)));
  });

  it('draws a hero picture down the right side', async () => {
    const file = join(projectRoot, 'content/tips/images/first-impressions.jpg');
    const picture = { file, digest: 'x' };
    const png = await renderCard(tipCard({ title: 'The first thirty seconds', takeaway }, site, picture), fonts);
    const plain = await card('The first thirty seconds');
    const right = (image: Buffer) => sharp(image).extract({ left: 1000, top: 300, width: 1, height: 1 }).raw().toBuffer();
    expect([...(await right(plain))]).toEqual([...(await right(await card('Another title')))]);
    expect([...(await right(png))]).not.toEqual([...(await right(plain))]);
  });

  it('says which picture failed and what to do when a hero cannot be read', async () => {
    const picture = { file: join(projectRoot, 'README.md'), digest: 'x' };
    await expect(renderCard(tipCard({ title: 'A title here', takeaway }, site, picture), fonts)).rejects.toThrow(/hero picture .*README\.md could not be drawn on the social card .*save it as a JPEG, PNG or WebP file/);
  });

  it('reads its fonts from the npm font packages on disk and never fetches', async () => {
    const fetch = vi.fn(() => Promise.reject(new Error('no network in the build')));
    vi.stubGlobal('fetch', fetch);
    const read: string[] = [];
    const offline = new CardFonts({ read: (path) => (read.push(path), readFileSync(path)) });
    await card('Mix: Почему كيف 最初の一言', offline);
    expect(fetch).not.toHaveBeenCalled();
    expect(read.length).toBeGreaterThan(0);
    for (const path of read) expect(path).toMatch(/node_modules[\\/]@fontsource[\\/][^\\/]+[\\/]files[\\/][^\\/]+\.woff$/);
  });

  it('names the missing font file and the fix when the font packages are not installed', async () => {
    const broken = new CardFonts({ read: () => { throw new Error('ENOENT: no such file'); } });
    await expect(card('Anything at all', broken)).rejects.toThrow(/social cards' font .*noto-sans-latin-400-normal\.woff could not be read \(ENOENT: no such file\): run npm install/);
  });
});
