import { describe, expect, it } from 'vitest';
import { cardAlt, cardKey, isRightToLeft, issueCard, tipCard } from './card.ts';
import { FONT_SOURCES, fontsFor } from './font-choice.ts';
import { titleSize } from './layout.ts';

const site = { title: 'Tip of the Week', url: 'https://tips.example.com', lang: 'en' };
const tip = { title: 'Say when, then beat it', takeaway: 'Promise a time you can keep, then keep it early.' };

describe('card content', () => {
  it('shows a tip by title and takeaway, an issue by number and headline, with the publication and its host', () => {
    expect(tipCard(tip, site)).toMatchObject({ eyebrow: 'Tip', title: tip.title, takeaway: tip.takeaway, publication: 'Tip of the Week', host: 'tips.example.com' });
    expect(issueCard(12, tip.title, undefined, site)).toMatchObject({ eyebrow: 'Issue #12', title: tip.title, takeaway: undefined });
  });

  it('says what the card shows in its alternative text', () => {
    expect(cardAlt(tipCard(tip, site))).toBe('Tip of the Week · Tip: Say when, then beat it. Takeaway: Promise a time you can keep, then keep it early.');
    expect(cardAlt(issueCard(3, 'Five reads on refunds', undefined, site))).toBe('Tip of the Week · Issue #3: Five reads on refunds');
  });

  it('keys a card by what it shows: a changed word, picture or font changes the key; the picture file\'s place does not', () => {
    const base = tipCard(tip, site, { file: '/a/hero.jpg', digest: 'd1' });
    const key = cardKey(base, 'fonts-1');
    expect(cardKey(tipCard(tip, site, { file: '/a/hero.jpg', digest: 'd1' }), 'fonts-1')).toBe(key);
    expect(cardKey(tipCard(tip, site, { file: '/elsewhere/hero.jpg', digest: 'd1' }), 'fonts-1')).toBe(key);
    expect(cardKey(tipCard(tip, site, { file: '/a/hero.jpg', digest: 'd2' }), 'fonts-1')).not.toBe(key);
    expect(cardKey(tipCard({ ...tip, takeaway: 'Another lesson entirely, in ten words.' }, site, base.picture), 'fonts-1')).not.toBe(key);
    expect(cardKey(base, 'fonts-2')).not.toBe(key);
  });
});

describe('text direction and size', () => {
  it('reads Arabic and Hebrew titles right to left, by their first letter', () => {
    expect(isRightToLeft('كيف ترد على شكوى العميل')).toBe(true);
    expect(isRightToLeft('«שירות» טוב')).toBe(true);
    expect(isRightToLeft('2026: كيف')).toBe(true);
    expect(isRightToLeft('Почему стоит спросить')).toBe(false);
    expect(isRightToLeft('最初の一言')).toBe(false);
  });

  it('gives long titles a smaller size, and a narrower card (with a picture) smaller still', () => {
    expect(titleSize('Own it', false)).toBeGreaterThan(titleSize('x'.repeat(80), false));
    expect(titleSize('x'.repeat(50), true)).toBeLessThan(titleSize('x'.repeat(50), false));
  });
});

describe('font choice', () => {
  const names = (text: string) => fontsFor(text).map((f) => f.name);

  it('loads only the Latin fonts for an English card, and each fallback only for text in its script', () => {
    expect(names('Close the loop: café, naïve, “quoted” — 5 €')).toEqual(['Noto Sans']);
    expect(names('Łódź, Győr')).toEqual(['Noto Sans', 'Noto Sans latin-ext']);
    expect(names('Почему')).toContain('Noto Sans cyrillic');
    expect(names('كيف ترد')).toContain('Noto Sans Arabic');
    expect(names('最初の一言')).toContain('BIZ UDPGothic');
    expect(names('最初の一言')).not.toContain('Noto Sans Arabic');
  });

  it('keeps the fallback order: Latin first, Japanese last', () => {
    expect(FONT_SOURCES[0]!.name).toBe('Noto Sans');
    expect(names('Mix: Łódź Почему Ωμέγα كيف 最初')).toEqual(FONT_SOURCES.map((f) => f.name));
  });
});
