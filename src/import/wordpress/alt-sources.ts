/**
 * Where an imported picture's alt text comes from, best first: the <img alt>, the attachment's
 * alt text in the export (`_wp_attachment_image_alt`, found by the picture's address), the
 * [caption] text, then the attachment's title when it is more than a file name. Each candidate
 * is judged by the rule `npm run check` uses (src/content/alt-text.ts). Pure.
 */
import { isMeaninglessAlt } from '../../content/alt-text.ts';
import { uploadsPath } from './images.ts';
import type { WxrItem } from './wxr.ts';

export interface AttachmentText {
  /** `_wp_attachment_image_alt`, trimmed; empty when the export has none. */
  alt: string;
  /** The attachment's title (WordPress fills it with the file name when nobody wrote one). */
  title: string;
}

/** The file an address names, without WordPress's size suffix ("desk-300x200.jpg" → "2016/11/desk.jpg"). */
function fileKey(url: string): string | undefined {
  const path = uploadsPath(url) ?? /^[a-z]+:\/\/[^/]+\/([^?#]+)/i.exec(url)?.[1];
  return path?.replace(/-(?:\d+x\d+|scaled|rotated)(\.\w+)$/i, '$1').toLowerCase();
}

/** Finds an attachment by a picture's address: its wp:attachment_url or its guid (WordPress writes the file's address there), any size. */
export function attachmentsByUrl(items: readonly WxrItem[]): (src: string) => AttachmentText | undefined {
  const index = new Map<string, AttachmentText>();
  for (const item of items) {
    if (item.type !== 'attachment') continue;
    const text = { alt: (item.meta['_wp_attachment_image_alt'] ?? '').trim(), title: item.title.trim() };
    for (const url of [item.attachmentUrl, item.guid]) {
      const key = url ? fileKey(url) : undefined;
      if (key && !index.has(key)) index.set(key, text);
    }
  }
  return (src) => {
    const key = fileKey(src);
    return key === undefined ? undefined : index.get(key);
  };
}

/** Camera and phone file names ("IMG_2041", "DSC01234", "PXL_2023…") and titles that are the file's name in words. */
const CAMERA_NAME = /^(img|dsc|dscn|dscf|dcim|pxl|gopr|mvimg|p)[\s_-]?\d+/i;
const squash = (text: string) => text.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[^\p{L}\p{N}]+/gu, '');

function isFileNameTitle(title: string, path: string): boolean {
  const base = path.split('/').pop() ?? '';
  const plain = base.replace(/-(?:\d+x\d+|scaled|rotated)(\.\w+)$/i, '$1');
  return CAMERA_NAME.test(title) || squash(title) === squash(base) || squash(title) === squash(plain);
}

/** The first candidate that describes the picture at `path`, or undefined when none does. */
export function chooseAlt(candidates: { imgAlt?: string | undefined; attachment?: AttachmentText | undefined; caption?: string | undefined }, path: string): string | undefined {
  const { imgAlt, attachment, caption } = candidates;
  const title = attachment?.title && !isFileNameTitle(attachment.title, path) ? attachment.title : undefined;
  return [imgAlt, attachment?.alt, caption, title]
    .map((text) => text?.replace(/\s+/g, ' ').trim())
    .find((text): text is string => !!text && !isMeaninglessAlt(text, path));
}
