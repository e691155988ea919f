/**
 * The whole WordPress import as a plan: every file to write (tips, archive issues, authors,
 * redirect files), every picture to copy, what was skipped, and every note for a person.
 * Pure: the caller says which files exist and what the previous run wrote; writing is
 * apply.fs.ts's job.
 */
import { isoWeekKey } from '../../lib/dates.ts';
import { paths } from '../../lib/paths.ts';
import { readDigest, type DigestReading } from './digest.ts';
import { authorId, dayOf, fitText, slugFor, tagsFrom } from './fields.ts';
import { authorText, issueText } from './files.ts';
import { attachmentsByUrl } from './alt-sources.ts';
import type { ImageCopy } from './images.ts';
import { attachmentIndex, authorLogin, disposition } from './items.ts';
import { postHtml, type PostHtml } from './post-html.ts';
import { IMPORT_DIR, netlifyRedirects, nginxMap, oldPath, REDIRECTS_FILE, redirectsJson, reservedPath, type RedirectTable } from './redirects.ts';
import { tipEntry, type Note } from './tip-entry.ts';
import { htmlText } from './to-mdx.ts';
import type { WxrExport, WxrItem } from './wxr.ts';

export type { Note };


export interface PreviousRun {
  /** Post id → the file it became (and its issue number), from the last run's manifest. */
  posts: Record<string, { path: string; number?: number | undefined }>;
}

export interface WordPressPlanInput {
  wxr: WxrExport;
  today: string;
  uploads?: ((path: string) => boolean) | undefined;
  /** Whether a path exists and was not written by an earlier import (an editor's own file). */
  foreign: (path: string) => boolean;
  /** Issues already in content/issues/ that an earlier import did not write. */
  existingIssues: { number: number; date: Date }[];
  previous?: PreviousRun | undefined;
}

export interface PlannedFile {
  path: string;
  text: string;
  post?: number | undefined;
}

export interface WordPressPlan {
  files: PlannedFile[];
  copies: (ImageCopy & { post: number })[];
  notes: Note[];
  counts: { tips: number; drafts: number; issues: number; authors: number; redirects: number; skipped: Record<string, number> };
}

interface Post {
  item: WxrItem;
  draft: boolean;
  draftReason?: string | undefined;
  html: PostHtml;
  reading: DigestReading;
  date: string;
  kind: 'tip' | 'issue';
  path: string;
  url: string;
  number?: number;
}

export function planWordPress(input: WordPressPlanInput): WordPressPlan {
  const { wxr } = input;
  const siteHost = hostOf(wxr.siteUrl);
  const attachments = attachmentIndex(wxr.items);
  const attachment = (id: number) => attachments.get(id);
  const attachmentByUrl = attachmentsByUrl(wxr.items);
  const notes: Note[] = [];
  const skipped: Record<string, number> = {};
  const posts: Post[] = [];
  for (const item of wxr.items) {
    const d = disposition(item);
    if (d.kind === 'skip') {
      skipped[d.as] = (skipped[d.as] ?? 0) + 1;
      continue;
    }
    const html = postHtml(item.content, { attachment });
    const reading = readDigest(html.html, { siteHost });
    posts.push({ item, draft: d.draft, draftReason: d.why, html, reading, date: dayOf(item, input.today), kind: reading.kind === 'digest' ? 'issue' : 'tip', path: '', url: '' });
  }
  const comments = posts.reduce((n, p) => n + p.item.comments, 0);
  if (comments) skipped['comments'] = comments;
  numberIssues(posts, input);
  nameTips(posts, input);
  const tipOf = (post: Post, link: (href: string) => string | undefined) =>
    tipEntry({ item: post.item, html: post.html, reading: post.reading, slug: post.path.replace(/^content\/tips\/|\.mdx$/g, ''), date: post.date, draft: post.draft, draftReason: post.draftReason, author: authorId(authorLogin(post.item)), siteTitle: wxr.title, uploads: input.uploads, attachment, attachmentByUrl, link });
  // A tip with a picture nothing describes is a draft: known before redirects and links are made, so none points at it.
  for (const post of posts) if (post.kind === 'tip' && !post.draft && tipOf(post, () => undefined).draft) post.draft = true;
  const table = redirectTable(posts, notes);
  const link = internalLinks(table, siteHost);
  const files: PlannedFile[] = [];
  const copies: WordPressPlan['copies'] = [];
  const authors = new Map<string, WxrItem[]>();
  for (const post of posts) {
    const author = authorId(authorLogin(post.item));
    authors.set(author, [...(authors.get(author) ?? []), post.item]);
    if (post.kind === 'issue' && post.reading.kind === 'digest') {
      const title = fitText(htmlText(post.item.title) || `Issue ${post.number}`, { min: 5, max: 90 }).text;
      files.push({ path: post.path, post: post.item.id, text: issueText({ number: post.number!, date: post.date, title, picks: post.reading.picks, draft: post.draft }, post.reading.note).text });
      for (const message of post.reading.notes) notes.push({ path: post.path, message });
      continue;
    }
    const tip = tipOf(post, link);
    files.push({ path: tip.path, text: tip.text, post: post.item.id });
    copies.push(...tip.copies.map((c) => ({ ...c, post: post.item.id })));
    notes.push(...tip.notes);
  }
  files.push(...authorFiles(authors, wxr, input, notes));
  files.push(
    { path: REDIRECTS_FILE, text: redirectsJson(table) },
    { path: 'public/_redirects', text: netlifyRedirects(table) },
    { path: `${IMPORT_DIR}/nginx-redirects.conf`, text: nginxMap(table) },
  );
  const count = (kind: Post['kind']) => posts.filter((p) => p.kind === kind).length;
  return {
    files,
    copies,
    notes,
    counts: { tips: count('tip'), drafts: posts.filter((p) => p.draft).length, issues: count('issue'), authors: authors.size, redirects: Object.keys(table.paths).length + Object.keys(table.posts).length, skipped },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Digests become numbered issues, one per week, keeping the numbers of an earlier run. */
function numberIssues(posts: Post[], input: WordPressPlanInput): void {
  const weeks = new Set(input.existingIssues.map((i) => isoWeekKey(i.date)));
  const previousNumbers = Object.values(input.previous?.posts ?? {}).map((p) => p.number ?? 0);
  let next = Math.max(0, ...input.existingIssues.map((i) => i.number), ...previousNumbers) + 1;
  const digests = posts.filter((p) => p.kind === 'issue').sort((a, b) => a.date.localeCompare(b.date) || a.item.id - b.item.id);
  for (const post of digests) {
    const week = isoWeekKey(new Date(`${post.date}T00:00:00Z`));
    if (weeks.has(week)) {
      post.kind = 'tip';
      post.reading = { kind: 'unclear', reasons: [`another issue is already in the week of ${post.date} (one issue per week)`] };
      continue;
    }
    weeks.add(week);
    const previous = input.previous?.posts[post.item.id];
    post.number = previous?.number ?? next++;
    post.path = previous?.path ?? `content/issues/${String(post.number).padStart(3, '0')}.md`;
    post.url = paths.issue(post.number);
  }
}

/** Tips keep their WordPress slug (or the file an earlier run gave them); a clash with an editor's file gets the post id. */
function nameTips(posts: Post[], input: WordPressPlanInput): void {
  const taken = new Set<string>();
  for (const post of [...posts].sort((a, b) => a.item.id - b.item.id)) {
    if (post.kind !== 'tip') continue;
    const previous = input.previous?.posts[post.item.id]?.path;
    let slug = previous?.startsWith('content/tips/') ? previous.replace(/^content\/tips\/|\.mdx$/g, '') : slugFor(post.item);
    const clash = (s: string) => taken.has(s) || input.foreign(`content/tips/${s}.mdx`) || input.foreign(`content/tips/${s}.md`);
    if (!previous && clash(slug)) slug = `${slug}-${post.item.id}`;
    taken.add(slug);
    post.path = `content/tips/${slug}.mdx`;
    post.url = paths.tip(slug);
  }
}

/** Old permalinks, `?p=` ids, category, tag and author archives and the feed → their new pages. */
function redirectTable(posts: Post[], notes: Note[]): RedirectTable {
  const table: RedirectTable = { paths: {}, posts: {} };
  const add = (from: string | undefined, to: string, post?: Post) => {
    if (!from || from === to || table.paths[from] !== undefined) return;
    const reserved = reservedPath(from);
    if (reserved) {
      if (post) notes.push({ path: post.path, message: `the old address ${reserved}; links to it will not reach this entry` });
      return;
    }
    table.paths[from] = to;
  };
  const live = posts.filter((p) => !p.draft);
  for (const post of live) {
    add(oldPath(post.item.link), post.url, post);
    table.posts[String(post.item.id)] = post.url;
  }
  const tags = new Map<string, string>();
  for (const post of live.filter((p) => p.kind === 'tip')) {
    for (const term of post.item.terms) {
      const tag = tagsFrom([term]).tags[0];
      if (!tag) continue;
      if (term.domain === 'category') tags.set(`/category/${term.nicename}/`, paths.tag(tag));
      if (term.domain === 'post_tag') tags.set(`/tag/${term.nicename}/`, paths.tag(tag));
    }
  }
  for (const [from, to] of tags) add(oldPath(from), to);
  for (const login of new Set(live.filter((p) => p.kind === 'tip').map((p) => authorLogin(p.item)))) add(`/author/${authorId(login)}/`, paths.author(authorId(login)));
  if (live.length) add('/feed/', paths.feed());
  return table;
}

/** Links in post bodies to the old site's own posts point at their new pages. */
function internalLinks(table: RedirectTable, siteHost: string): (href: string) => string | undefined {
  return (href) => {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return undefined;
    }
    if (url.host !== siteHost) return undefined;
    const id = url.searchParams.get('p');
    const target = id !== null ? table.posts[id] : table.paths[oldPath(href) ?? ''];
    return target === undefined ? undefined : `${target}${url.hash}`;
  };
}

/** One YAML file per author of an imported post; an author file an editor already has is kept. */
function authorFiles(authors: Map<string, WxrItem[]>, wxr: WxrExport, input: WordPressPlanInput, notes: Note[]): PlannedFile[] {
  const files: PlannedFile[] = [];
  for (const [id, items] of authors) {
    const path = `content/authors/${id}.yaml`;
    if (input.foreign(path) || input.foreign(`content/authors/${id}.yml`)) {
      notes.push({ path, message: `kept as it is: the imported posts by "${authorLogin(items[0]!)}" are credited to this existing author` });
      continue;
    }
    const known = wxr.authors.find((a) => authorId(a.login) === id);
    const years = items.map((i) => dayOf(i, input.today).slice(0, 4)).sort();
    const span = years[0] === years.at(-1) ? `in ${years[0]}` : `from ${years[0]} to ${years.at(-1)}`;
    const name = fitText(known?.displayName || authorLogin(items[0]!), { min: 1, max: 80 }).text;
    const bio = known?.bio ? fitText(htmlText(known.bio), { min: 20, max: 400 }) : undefined;
    const written = !bio || bio.tooShort;
    const text = authorText({ name, bio: written ? `${name} wrote ${items.length} post(s) for ${wxr.title || 'this publication'} ${span}.` : bio.text, url: known?.url?.startsWith('https://') ? known.url : undefined, guest: known?.guest ?? false });
    files.push({ path, text });
    if (written) notes.push({ path, line: 2, message: 'bio was written by the importer (the export has none): write a sentence or two about the author' });
  }
  return files;
}
