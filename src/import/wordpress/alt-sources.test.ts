import { describe, expect, it } from 'vitest';
import { attachmentsByUrl, chooseAlt } from './alt-sources.ts';
import type { WxrItem } from './wxr.ts';

const attachment = (id: number, fields: Partial<WxrItem>): WxrItem => ({
  id, type: 'attachment', status: 'inherit', title: '', link: '', slug: '', date: '', pubDate: '', creator: '', content: '', excerpt: '', parent: 0, password: '', terms: [], meta: {}, comments: 0, ...fields,
});

describe('attachmentsByUrl', () => {
  const find = attachmentsByUrl([
    attachment(1, { attachmentUrl: 'https://old.example/wp-content/uploads/2020/02/shelf.jpg', title: 'Shelves', meta: { _wp_attachment_image_alt: ' Labelled shelves ' } }),
    attachment(2, { guid: 'https://old.example/wp-content/uploads/2020/02/Drawer.png', title: 'Drawer' }),
    attachment(3, { type: 'post', attachmentUrl: 'https://old.example/wp-content/uploads/2020/02/post.jpg' }),
  ]);

  it('finds an attachment by its file address, in any of WordPress\'s sizes, or by its guid', () => {
    expect(find('https://old.example/wp-content/uploads/2020/02/shelf-300x200.jpg')).toEqual({ alt: 'Labelled shelves', title: 'Shelves' });
    expect(find('http://cdn.old.example/wp-content/uploads/2020/02/shelf-scaled.jpg?ver=2')).toEqual({ alt: 'Labelled shelves', title: 'Shelves' });
    expect(find('https://old.example/wp-content/uploads/2020/02/drawer.png')).toEqual({ alt: '', title: 'Drawer' });
  });

  it('finds nothing for another file, a post, or an address that is not a file', () => {
    expect(find('https://old.example/wp-content/uploads/2020/02/other.jpg')).toBeUndefined();
    expect(find('https://old.example/wp-content/uploads/2020/02/post.jpg')).toBeUndefined();
    expect(find('not a url')).toBeUndefined();
  });
});

describe('chooseAlt', () => {
  const path = './images/t/IMG_2041.jpg';
  it('takes the first candidate that describes the picture: img alt, attachment alt, caption, title', () => {
    expect(chooseAlt({ imgAlt: 'A drawer of headsets', attachment: { alt: 'Other', title: 'T' }, caption: 'C' }, path)).toBe('A drawer of headsets');
    expect(chooseAlt({ imgAlt: 'image', attachment: { alt: 'Two spare headsets', title: 'T' }, caption: 'C' }, path)).toBe('Two spare headsets');
    expect(chooseAlt({ imgAlt: '', attachment: { alt: 'photo 2', title: 'Spare drawer' }, caption: ' The  drawer by the door ' }, path)).toBe('The drawer by the door');
    expect(chooseAlt({ attachment: { alt: '', title: 'The spare headset drawer' } }, path)).toBe('The spare headset drawer');
  });

  it('refuses file names and camera names, and says so with undefined', () => {
    expect(chooseAlt({ imgAlt: 'IMG_2041.jpg', attachment: { alt: '', title: 'IMG_2041' }, caption: '' }, path)).toBeUndefined();
    expect(chooseAlt({ attachment: { alt: '', title: 'spare headset drawer' } }, './images/t/spare-headset-drawer-300x200.jpg')).toBeUndefined();
    expect(chooseAlt({ attachment: { alt: '', title: 'DSC01234' } }, './images/t/x.jpg')).toBeUndefined();
    expect(chooseAlt({}, path)).toBeUndefined();
  });
});
