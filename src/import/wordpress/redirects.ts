/**
 * Old WordPress addresses → the new ones, in the three forms a deployment needs: the data file
 * astro.config.mjs turns into Astro `redirects` (301s from our Node server), `_redirects` for
 * static hosts that read it (Netlify, Cloudflare Pages), and an nginx `map` that also sends
 * `/?p=123` links on. Pure.
 */

/** Where the import keeps its own files, and the redirect table astro.config.mjs reads. */
export const IMPORT_DIR = 'imported';
export const REDIRECTS_FILE = `${IMPORT_DIR}/redirects.json`;

/** Paths the new site serves itself: an old address there is not redirected. */
const RESERVED = ['/tips/', '/issues/', '/tags/', '/authors/', '/search/', '/subscribe/', '/confirm/', '/unsubscribe/', '/about/', '/drafts/', '/email/', '/webhooks/', '/_astro/', '/pagefind/', '/404/'];
const RESERVED_FILES = ['/', '/rss.xml', '/robots.txt', '/healthz', '/_redirects'];

export interface RedirectTable {
  /** Old path (decoded, as Astro and nginx match it) → new path. */
  paths: Record<string, string>;
  /** Old post id (`/?p=123`) → new path. */
  posts: Record<string, string>;
}

/** The decoded path of an old absolute (or root-relative) address, or undefined if it is not one. */
export function oldPath(link: string): string | undefined {
  try {
    const path = new URL(link, 'https://old.invalid').pathname;
    return decodeURI(path);
  } catch {
    return undefined;
  }
}

/** Why an old path cannot be redirected, or undefined when it can. */
export function reservedPath(path: string): string | undefined {
  if (RESERVED_FILES.includes(path) || RESERVED.some((prefix) => path.startsWith(prefix))) {
    return `${path} is an address the new site serves itself, so it cannot redirect`;
  }
  return undefined;
}

/** The data file astro.config.mjs reads (see redirects.fs.ts). */
export function redirectsJson(table: RedirectTable): string {
  return `${JSON.stringify({ comment: 'Written by npm run import -- wordpress; see docs/moving-in.md.', ...table }, null, 2)}\n`;
}

/** Netlify and Cloudflare Pages: one "from to 301" line per old path (query strings are nginx's job). */
export function netlifyRedirects(table: RedirectTable): string {
  const lines = Object.entries(table.paths).map(([from, to]) => `${encodeURI(from)} ${encodeURI(to)} 301`);
  return `# Old WordPress addresses, written by npm run import -- wordpress (docs/moving-in.md).\n${lines.join('\n')}\n`;
}

const nginxString = (text: string) => `"${text.replace(/["\\$]/g, (c) => `\\${c}`)}"`;

/**
 * Two maps for nginx's http block: old paths by $uri (decoded, as nginx compares it), and
 * `?p=` ids by $arg_p. docs/moving-in.md shows the two `if` lines that use them.
 */
export function nginxMap(table: RedirectTable): string {
  const paths = Object.entries(table.paths).map(([from, to]) => `    ${nginxString(from)} ${nginxString(encodeURI(to))};`);
  const posts = Object.entries(table.posts).map(([id, to]) => `    ${nginxString(id)} ${nginxString(encodeURI(to))};`);
  return [
    '# Old WordPress addresses, written by npm run import -- wordpress. Include this file in the http {} block,',
    '# then in the server {} block (see docs/moving-in.md):',
    '#   if ($wordpress_path_redirect) { return 301 $wordpress_path_redirect; }',
    '#   location = / { if ($wordpress_post_redirect) { return 301 $wordpress_post_redirect; } try_files $uri $uri/index.html =404; }',
    'map $uri $wordpress_path_redirect {',
    '    default "";',
    ...paths,
    '}',
    'map $arg_p $wordpress_post_redirect {',
    '    default "";',
    ...posts,
    '}',
    '',
  ].join('\n');
}

/** Where an old `/?p=123` (or `/?page_id=`, `/index.php?p=`) address goes, if it is one of ours. */
export function queryRedirect(url: string, table: Pick<RedirectTable, 'posts'>): string | undefined {
  const parsed = new URL(url, 'https://x.invalid');
  if (parsed.pathname !== '/' && parsed.pathname !== '/index.php') return undefined;
  const id = parsed.searchParams.get('p');
  return id === null ? undefined : table.posts[id];
}
