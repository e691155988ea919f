/**
 * Which items of an export are imported and how: published and scheduled posts go live,
 * drafts, pending, private and password-protected posts become drafts, and everything else
 * (pages, attachments, revisions, menu items, trashed posts…) is counted and skipped. Pure.
 */
import type { WxrItem } from './wxr.ts';

export type Disposition = { kind: 'import'; draft: boolean; why?: string } | { kind: 'skip'; as: string };

const SKIPPED_TYPES: Record<string, string> = {
  page: 'pages',
  attachment: 'attachments',
  revision: 'revisions',
  nav_menu_item: 'nav menu items',
  'guest-author': 'guest author records (read as authors)',
  wp_block: 'reusable blocks',
  custom_css: 'custom CSS',
  customize_changeset: 'customizer changesets',
  oembed_cache: 'embed caches',
  wp_template: 'templates',
  wp_template_part: 'template parts',
  wp_global_styles: 'global styles',
  wp_navigation: 'navigation menus',
  user_request: 'privacy requests',
};

export function disposition(item: WxrItem): Disposition {
  if (item.type !== 'post') return { kind: 'skip', as: SKIPPED_TYPES[item.type] ?? `items of type ${item.type}` };
  switch (item.status) {
    case 'publish':
    case 'future':
      return item.password ? { kind: 'import', draft: true, why: 'the post was password-protected, so it is imported as a draft' } : { kind: 'import', draft: false };
    case 'draft':
    case 'pending':
      return { kind: 'import', draft: true };
    case 'private':
      return { kind: 'import', draft: true, why: 'the post was private, so it is imported as a draft' };
    case 'trash':
      return { kind: 'skip', as: 'trashed posts' };
    case 'auto-draft':
      return { kind: 'skip', as: 'auto-drafts' };
    default:
      return { kind: 'skip', as: `posts with status ${item.status}` };
  }
}

/** Attachments by id: their file's address and alt text (for featured images and galleries). */
export function attachmentIndex(items: readonly WxrItem[]): Map<number, { url: string; alt: string }> {
  const index = new Map<number, { url: string; alt: string }>();
  for (const item of items) {
    if (item.type !== 'attachment') continue;
    const url = item.attachmentUrl ?? item.link;
    index.set(item.id, { url, alt: (item.meta['_wp_attachment_image_alt'] ?? '').trim() });
  }
  return index;
}

/** The author logins of a post: Co-Authors Plus terms first (guest authors live there), else dc:creator. */
export function authorLogin(item: WxrItem): string {
  const coauthor = item.terms.find((t) => t.domain === 'author');
  if (coauthor) return coauthor.nicename.replace(/^cap-/, '');
  return item.creator || 'unknown-author';
}
