/** URL helpers shared by pages, feeds and checks. */

/**
 * A comparable form of a link: lowercase scheme and host, no fragment, no trailing slash,
 * no default port. Two picks with the same normalized URL point at the same article.
 */
export function normalizeUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host.toLowerCase()}${path}${url.search}`;
}

/** Joins a site base (https://example.com or https://example.com/sub) and a root-relative path. */
export function absoluteUrl(path: string, site: string): string {
  return new URL(path.replace(/^\//, ''), site.endsWith('/') ? site : `${site}/`).href;
}

/**
 * Rewrites root-relative href/src/srcset values in an HTML fragment to absolute URLs,
 * for places that are read away from the site: feed readers and mail clients.
 */
export function absolutizeHtml(html: string, site: string): string {
  const attr = /(\s(?:href|src))=(["'])(\/(?!\/)[^"']*)\2/g;
  const srcset = /(\ssrcset)=(["'])([^"']*)\2/g;
  return html
    .replace(attr, (_m, name: string, q: string, path: string) => `${name}=${q}${absoluteUrl(path, site)}${q}`)
    .replace(srcset, (_m, name: string, q: string, value: string) => {
      const parts = value.split(',').map((candidate) => {
        const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
        const abs = url.startsWith('/') && !url.startsWith('//') ? absoluteUrl(url, site) : url;
        return [abs, ...descriptor].join(' ');
      });
      return `${name}=${q}${parts.join(', ')}${q}`;
    });
}
