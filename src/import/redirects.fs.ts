/**
 * The redirects a WordPress import wrote (imported/redirects.json), read where they are served:
 * astro.config.mjs turns the old paths into Astro `redirects` (301s from our Node server), and
 * a server can answer old `/?p=123` links with `postRedirect`. Without an import there are none.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli/errors.ts';
import { queryRedirect, REDIRECTS_FILE, type RedirectTable } from './wordpress/redirects.ts';

const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(typeof value === 'object' && value !== null ? value : {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** The import's redirect table under `root`, empty when nothing was imported. */
export function readRedirectTable(root: string): RedirectTable {
  const file = join(root, REDIRECTS_FILE);
  if (!existsSync(file)) return { paths: {}, posts: {} };
  let data: Partial<Record<keyof RedirectTable, unknown>>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as typeof data;
  } catch (error) {
    throw new CliError(`${REDIRECTS_FILE} is not valid JSON (${(error as Error).message}): restore it from git, or run npm run import -- wordpress again to rewrite it`);
  }
  return { paths: strings(data.paths), posts: strings(data.posts) };
}

/**
 * Old paths → new pages, for Astro's `redirects` option. A destination that is a file (the
 * feed, /rss.xml) is given as an absolute URL on `siteUrl`: Astro would add a trailing slash to
 * a root-relative one under `trailingSlash: 'always'` and send readers to a 404.
 */
export function importedRedirects(root: string, siteUrl: string): Record<string, string> {
  const { paths } = readRedirectTable(root);
  return Object.fromEntries(Object.entries(paths).map(([from, to]) => [from, /\.\w+$/.test(to) ? new URL(to, siteUrl).href : to]));
}

/** Where an old `/?p=123` request goes (undefined for any other request), for a server in front of the site. */
export function postRedirect(root: string): (url: string) => string | undefined {
  const table = readRedirectTable(root);
  return (url) => (Object.keys(table.posts).length ? queryRedirect(url, table) : undefined);
}
