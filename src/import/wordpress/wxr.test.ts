import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWxr, WxrError } from './wxr.ts';

const FIXTURE = join(import.meta.dirname, '../../testing/fixtures/import/wordpress/front-line-notes.WordPress.2026-12-01.xml');

describe('parseWxr', () => {
  it('reads the site, its authors (guest authors included) and every item of a WordPress 6 export', () => {
    const wxr = parseWxr(readFileSync(FIXTURE, 'utf8'), 'export.xml');
    expect(wxr).toMatchObject({ version: '1.2', title: 'Front Line Notes', siteUrl: 'https://old.example.com' });
    expect(wxr.authors).toEqual([
      { login: 'marta', displayName: 'Marta Quintero', email: 'marta@old.example.com', guest: false },
      { login: 'dev.okafor', displayName: 'Dev Okafor', email: 'dev@old.example.com', guest: false },
      { login: 'rosa-lind', displayName: 'Rosa Lind', bio: 'Rosa runs the night shift of a travel help line and writes about queues from the inside.', url: 'https://rosa.example.org', guest: true },
    ]);
    expect(wxr.items.map((i) => `${i.id} ${i.type} ${i.status}`)).toEqual([
      '101 post publish', '102 post publish', '103 post publish', '104 post publish', '105 post publish', '106 post publish', '107 post draft', '108 post private',
      '109 post pending', '110 post publish', '111 post trash', '112 post publish', '113 post publish', '201 attachment inherit', '204 attachment inherit',
      '150 guest-author publish', '301 page publish', '302 revision inherit', '303 nav_menu_item publish',
    ]);
    const first = wxr.items[0]!;
    expect(first).toMatchObject({ title: 'Answer the question they asked', slug: 'answer-the-question-they-asked', date: '2016-11-17 09:30:00', creator: 'marta', comments: 2 });
    expect(first.terms).toEqual([
      { domain: 'category', nicename: 'complaints', name: 'Complaints' },
      { domain: 'post_tag', nicename: 'first-response', name: 'First Response' },
      { domain: 'post_tag', nicename: 'listening', name: 'Listening' },
    ]);
    expect(first.content).toContain('[caption id="attachment_201"');
    expect(wxr.items[1]!.meta['_thumbnail_id']).toBe('204');
    // Slugs, ids and titles stay text: "123" is not read as a number, entities stay for the HTML parser.
    expect(wxr.items[3]!.slug).toBe('%e3%81%8a%e5%ae%a2%e6%a7%98%e3%81%ae%e5%a3%b0');
    expect(wxr.items[11]!.title).toBe('A guest&#8217;s view of the queue');
  });

  it('reads an older export whose titles are escaped text rather than CDATA', () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Old &amp; Gold</title><link>http://old.example.com/blog</link><wp:wxr_version>1.1</wp:wxr_version>
      <item><title>Q&amp;A &#8211; tickets</title><link>http://old.example.com/blog/?p=5</link><dc:creator>admin</dc:creator><content:encoded><![CDATA[Hello]]></content:encoded><wp:post_id>5</wp:post_id><wp:post_date>2014-02-03 10:00:00</wp:post_date><wp:post_name>qa-tickets</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="category" nicename="faq">FAQ</category></item></channel></rss>`;
    const wxr = parseWxr(xml, 'old.xml');
    expect(wxr).toMatchObject({ version: '1.1', title: 'Old & Gold', siteUrl: 'http://old.example.com/blog' });
    // HTML entities stay for the HTML parser that reads titles and content (htmlText), as in CDATA.
    expect(wxr.items[0]).toMatchObject({ id: 5, title: 'Q&A &#8211; tickets', terms: [{ domain: 'category', nicename: 'faq', name: 'FAQ' }] });
  });

  it('refuses a broken file with the line and column where it breaks', () => {
    const cut = readFileSync(FIXTURE, 'utf8').slice(0, 3000);
    expect(() => parseWxr(cut, 'export.xml')).toThrow(WxrError);
    expect(() => parseWxr('<rss><channel><title>x</channel></rss>', 'export.xml')).toThrow(
      "export.xml:1:23: the export is not well-formed XML (Expected closing tag 'title' (opened in line 1, col 15) instead of closing tag 'channel'). It may have been cut short while downloading: export it again from WordPress (Tools → Export). Nothing was written.",
    );
  });

  it('refuses a feed, another XML file or a file that is not XML, saying how to get an export', () => {
    expect(() => parseWxr('<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title></channel></rss>', 'feed.xml')).toThrow(
      'feed.xml is an RSS feed, not a WordPress export (it has no <wp:wxr_version>): in WordPress, use Tools → Export → All content and give the .xml file it downloads. Nothing was written.',
    );
    expect(() => parseWxr('<?xml version="1.0"?><urlset><url/></urlset>', 'sitemap.xml')).toThrow('sitemap.xml is XML whose root is <urlset>, not a WordPress export');
    expect(() => parseWxr('email,name\nana@example.com,Ana\n', 'list.csv')).toThrow(
      'list.csv is not an XML file, so it is not a WordPress export: in WordPress, use Tools → Export → All content and give the .xml file it downloads. Nothing was written.',
    );
  });
});
