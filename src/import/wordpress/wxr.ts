/**
 * Reads a WordPress export (WXR: Tools → Export, WordPress 2.1 to 6.x writes version 1.0–1.2):
 * an RSS 2.0 document whose channel carries the site, its authors and one <item> per post,
 * page, attachment, revision or menu item, with the `wp:`, `content:`, `excerpt:` and `dc:`
 * namespaces. Pure: text in, a plain object out, or one WxrError that says what is wrong.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CliError } from '../../cli/errors.ts';

export interface WxrAuthor {
  login: string;
  displayName: string;
  email?: string | undefined;
  /** A biography, when the export has one (Co-Authors Plus guest authors do). */
  bio?: string | undefined;
  url?: string | undefined;
  guest: boolean;
}

export interface WxrTerm {
  /** "category", "post_tag", or a plugin's taxonomy such as "author" (Co-Authors Plus). */
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrItem {
  id: number;
  /** post, page, attachment, revision, nav_menu_item, … */
  type: string;
  /** publish, draft, pending, private, future, trash, auto-draft, inherit */
  status: string;
  title: string;
  /** The permalink, absolute. */
  link: string;
  /** The guid: for an attachment, usually its file's first address. */
  guid?: string | undefined;
  /** wp:post_name, as stored (non-ASCII slugs are percent-encoded). */
  slug: string;
  /** wp:post_date: the site's local time, "YYYY-MM-DD HH:MM:SS" ("0000-00-00 …" for an undated draft). */
  date: string;
  pubDate: string;
  /** The author's login (dc:creator). */
  creator: string;
  content: string;
  excerpt: string;
  parent: number;
  password: string;
  terms: WxrTerm[];
  meta: Record<string, string>;
  attachmentUrl?: string | undefined;
  comments: number;
}

export interface WxrExport {
  version: string;
  title: string;
  /** The site's address (wp:base_blog_url, else the channel link), without a trailing slash. */
  siteUrl: string;
  authors: WxrAuthor[];
  items: WxrItem[];
}

/** The file is not a WordPress export we can read; nothing was written. */
export class WxrError extends CliError {}

const LISTS = new Set(['item', 'category', 'wp:author', 'wp:postmeta', 'wp:comment', 'wp:category', 'wp:tag', 'wp:term']);

/** Text of a node that may be a string, a number, or an element with attributes. */
function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (typeof node === 'object' && '#text' in node) return text((node as Record<string, unknown>)['#text']);
  return '';
}

type Node = Record<string, unknown>;
const list = (node: unknown): Node[] => (Array.isArray(node) ? (node as Node[]) : []);

function readItem(node: Node): WxrItem {
  const meta: Record<string, string> = {};
  for (const m of list(node['wp:postmeta'])) meta[text(m['wp:meta_key'])] = text(m['wp:meta_value']);
  return {
    id: Number(text(node['wp:post_id'])) || 0,
    type: text(node['wp:post_type']) || 'post',
    status: text(node['wp:status']) || 'publish',
    title: text(node['title']),
    link: text(node['link']),
    guid: text(node['guid']) || undefined,
    slug: text(node['wp:post_name']),
    date: text(node['wp:post_date']),
    pubDate: text(node['pubDate']),
    creator: text(node['dc:creator']),
    content: text(node['content:encoded']),
    excerpt: text(node['excerpt:encoded']),
    parent: Number(text(node['wp:post_parent'])) || 0,
    password: text(node['wp:post_password']),
    terms: list(node['category']).map((c) => ({ domain: text(c['@_domain']), nicename: text(c['@_nicename']), name: text(c) })),
    meta,
    attachmentUrl: text(node['wp:attachment_url']) || undefined,
    comments: list(node['wp:comment']).length,
  };
}

function readAuthor(node: Node): WxrAuthor {
  const login = text(node['wp:author_login']);
  const first = text(node['wp:author_first_name']);
  const last = text(node['wp:author_last_name']);
  return {
    login,
    displayName: text(node['wp:author_display_name']) || [first, last].filter(Boolean).join(' ') || login,
    email: text(node['wp:author_email']) || undefined,
    guest: false,
  };
}

/** Co-Authors Plus keeps guest authors as items of type guest-author, with a description. */
function guestAuthor(item: WxrItem): WxrAuthor | undefined {
  const login = item.meta['cap-user_login'];
  if (item.type !== 'guest-author' || !login) return undefined;
  return {
    login,
    displayName: item.meta['cap-display_name'] || item.title || login,
    bio: item.meta['cap-description'] || undefined,
    url: item.meta['cap-website'] || undefined,
    guest: true,
  };
}

/** Parses an export, or throws a WxrError naming the file, what is wrong and what to do. */
export function parseWxr(xml: string, file: string): WxrExport {
  const body = xml.replace(/^\ufeff/, '');
  if (!/^\s*</.test(body)) {
    throw new WxrError(`${file} is not an XML file, so it is not a WordPress export: in WordPress, use Tools → Export → All content and give the .xml file it downloads. Nothing was written.`);
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new WxrError(
      `${file}:${valid.err.line}:${valid.err.col}: the export is not well-formed XML (${valid.err.msg.replace(/\.$/, '')}). It may have been cut short while downloading: export it again from WordPress (Tools → Export). Nothing was written.`,
    );
  }
  const document = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => LISTS.has(name),
  }).parse(body) as Node;
  const channel = (document['rss'] as Node | undefined)?.['channel'] as Node | undefined;
  const version = text(channel?.['wp:wxr_version']);
  if (!channel || !version) {
    const what = channel ? 'an RSS feed' : `XML whose root is <${Object.keys(document).find((k) => !k.startsWith('?')) ?? '?'}>`;
    throw new WxrError(
      `${file} is ${what}, not a WordPress export (it has no <wp:wxr_version>): in WordPress, use Tools → Export → All content and give the .xml file it downloads. Nothing was written.`,
    );
  }
  const items = list(channel['item']).map(readItem);
  const guests = items.map(guestAuthor).filter((a): a is WxrAuthor => a !== undefined);
  const siteUrl = (text(channel['wp:base_blog_url']) || text(channel['link'])).replace(/\/+$/, '');
  return { version, title: text(channel['title']), siteUrl, authors: [...list(channel['wp:author']).map(readAuthor), ...guests], items };
}
