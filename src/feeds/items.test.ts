import { describe, expect, it } from 'vitest';
import { channelExtras, issueItem, tipFeedHtml, tipItem } from './items.ts';

const site = { title: 'T', url: 'https://tips.example.com', lang: 'en', editor: { name: 'Dana W', email: 'ed@tips.example.com' } };

describe('issueItem', () => {
  it('carries the full HTML with absolute URLs, the editor as author and the tags as categories', () => {
    const item = issueItem(
      { number: 7, date: new Date('2026-11-30'), tipTitle: 'Say when', takeaway: 'Give a time.', tags: ['trust'], html: '<p><a href="/tips/x/">x</a></p>', path: '/issues/7/' },
      site,
    );
    expect(item).toEqual({
      title: '#7: Say when',
      link: 'https://tips.example.com/issues/7/',
      pubDate: new Date('2026-11-30'),
      description: 'Give a time.',
      content: '<p><a href="https://tips.example.com/tips/x/">x</a></p>',
      author: 'ed@tips.example.com (Dana W)',
      categories: ['trust'],
    });
  });
});

describe('tipItem', () => {
  it('names the author with dc:creator, escaped', () => {
    const item = tipItem(
      { title: 'A', date: new Date('2026-01-01'), summary: 's', tags: ['x'], authorName: 'Tom & Jerry', html: '<img src="/_astro/a.webp">', path: '/tips/a/' },
      site,
    );
    expect(item.customData).toBe('<dc:creator>Tom &amp; Jerry</dc:creator>');
    expect(item.content).toBe('<img src="https://tips.example.com/_astro/a.webp">');
  });
});

describe('channelExtras', () => {
  it('adds language, the atom self link and the managing editor', () => {
    expect(channelExtras(site, '/rss.xml')).toBe(
      '<language>en</language><atom:link href="https://tips.example.com/rss.xml" rel="self" type="application/rss+xml"/><managingEditor>ed@tips.example.com (Dana W)</managingEditor>',
    );
  });
});

describe('tipFeedHtml', () => {
  it('puts the escaped takeaway before the lesson, as one string', () => {
    expect(tipFeedHtml(`Say "I'll fix it" & do it <now>`, '<p>Lesson</p>')).toBe(
      '<aside class="takeaway"><p><strong>Takeaway:</strong> Say &quot;I&#39;ll fix it&quot; &amp; do it &lt;now&gt;</p></aside><p>Lesson</p>',
    );
  });
});
