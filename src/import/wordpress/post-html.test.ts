import { describe, expect, it } from 'vitest';
import { autop, postHtml } from './post-html.ts';
import { expandShortcodes, shortcodeAttributes } from './shortcodes.ts';

const none = { attachment: () => undefined };

describe('autop (WordPress classic-editor paragraphs)', () => {
  it('makes blank lines paragraphs and single newlines line breaks, never inside block tags or <pre>', () => {
    expect(autop('One.\n\nTwo\nlines.')).toBe('<p>One.</p>\n<p>Two<br />\nlines.</p>\n');
    expect(autop('Text\n<ul>\n<li>a</li>\n</ul>\nMore')).toBe('<p>Text</p>\n<ul>\n<li>a</li>\n</ul>\n<p>More</p>\n');
    expect(autop('<blockquote>Quoted\nline</blockquote>')).toBe('<blockquote><p>Quoted<br />\nline</p></blockquote>\n');
    expect(autop('<pre>a\n\nb</pre>\n\nAfter')).toBe('<pre>a\n\nb</pre>\n<p>After</p>\n');
  });
});

describe('shortcodes', () => {
  it('reads attributes the way WordPress writes them', () => {
    expect(shortcodeAttributes(' id="attachment_5" align=\'left\' width=300 "positional" bare')).toEqual({ named: { id: 'attachment_5', align: 'left', width: '300' }, positional: ['positional', 'bare'] });
    expect(shortcodeAttributes('=https://youtu.be/x')).toEqual({ named: {}, positional: ['https://youtu.be/x'] });
  });

  it('turns a caption into a figure, the caption kept on the image as a source of alt text', () => {
    const { html, kept } = expandShortcodes('[caption id="a" width="300"]<a href="https://x.example/big.jpg"><img src="https://x.example/s.jpg" alt="" /></a> A tidy desk[/caption]', none);
    expect(html).toBe('<figure><img data-caption="A tidy desk" src="https://x.example/s.jpg" alt="" /><figcaption>A tidy desk</figcaption></figure>');
    expect(kept).toEqual([]);
    expect(expandShortcodes('[caption caption="Old style"]<img src="a.jpg" alt="Own alt">[/caption]', none).html).toBe('<figure><img data-caption="Old style" src="a.jpg" alt="Own alt"><figcaption>Old style</figcaption></figure>');
  });

  it('links embeds, video and audio; lists galleries\' images; keeps code as code', () => {
    expect(expandShortcodes('[embed]https://vimeo.com/1[/embed]', none).html).toBe('<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>');
    expect(expandShortcodes('[youtube https://www.youtube.com/watch?v=x]', none).html).toBe('<p><a href="https://www.youtube.com/watch?v=x">https://www.youtube.com/watch?v=x</a></p>');
    expect(expandShortcodes('[video mp4="https://a.example/v.mp4"][/video]', none).html).toBe('<p><a href="https://a.example/v.mp4">https://a.example/v.mp4</a></p>');
    const attachment = (id: number) => (id === 7 ? { url: 'https://o.example/wp-content/uploads/a.jpg', alt: 'A' } : undefined);
    expect(expandShortcodes('[gallery ids="7,8"]', { attachment }).html).toBe('<p><img src="https://o.example/wp-content/uploads/a.jpg" alt="A"></p>');
    expect(expandShortcodes('[code lang="js"]if (a < b) {}[/code]', none).html).toBe('<pre><code>if (a &lt; b) {}</code></pre>');
  });

  it('keeps and lists a plugin\'s shortcode, leaves [sic] and footnote marks alone, and unescapes [[escaped]] ones', () => {
    const { html, kept } = expandShortcodes('[contact-form-7 id="12" title="Ask"] and [mc4wp_form] and [sic] and [1] and [[gallery]]', none);
    expect(html).toBe('[contact-form-7 id="12" title="Ask"] and [mc4wp_form] and [sic] and [1] and [gallery]');
    expect(kept).toEqual(['[contact-form-7 id="12" title="Ask"]', '[mc4wp_form]']);
  });
});

describe('postHtml', () => {
  it('drops block-editor comments without wpautop, and finds the "Read more" teaser', () => {
    const block = postHtml('<!-- wp:paragraph -->\n<p>Before.</p>\n<!-- /wp:paragraph -->\n<!--more-->\n<!-- wp:paragraph -->\n<p>After\nstill after.</p>\n<!-- /wp:paragraph -->', none);
    expect(block.html).not.toContain('wp:');
    expect(block.html).toContain('<p>After\nstill after.</p>');
    expect(block.teaser).toBe('\n<p>Before.</p>\n\n');
    const classic = postHtml('Teaser line.\n\n<!--more Keep reading-->\n\nRest.', none);
    expect(classic.teaser).toBe('<p>Teaser line.</p>\n');
    expect(classic.html).toBe('<p>Teaser line.</p>\n<p>Rest.</p>\n');
  });

  it('makes a line holding only a URL (an oEmbed) a link, in classic and block content', () => {
    expect(postHtml('Watch:\n\nhttps://www.youtube.com/watch?v=x\n\nDone.', none).html).toContain('<p><a href="https://www.youtube.com/watch?v=x">https://www.youtube.com/watch?v=x</a></p>');
    expect(postHtml('<!-- wp:embed --><figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://vimeo.com/9\n</div></figure><!-- /wp:embed -->', none).html).toContain(
      '<a href="https://vimeo.com/9">https://vimeo.com/9</a>',
    );
  });
});
