// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { parseEnv, resolveSiteUrl } from './src/config/env.ts';
import { site } from './src/config/site.ts';
import { importedRedirects } from './src/import/redirects.fs.ts';
import { onBundlerWarning } from './src/integrations/bundler-warnings.ts';
import { contentChunks } from './src/integrations/content-chunks.ts';
import { contentGuard } from './src/integrations/content-guard.ts';
import { draftPreview } from './src/integrations/draft-preview.ts';
import { emailArtifacts } from './src/integrations/email-artifacts.ts';
import { parallelPrerender } from './src/integrations/parallel-prerender.ts';
import { searchIndex } from './src/integrations/search-index.ts';

const env = parseEnv(process.env);
const siteUrl = resolveSiteUrl(site.url, env);
// TOTW_SEARCH_WHOLE_PAGES=1: Pagefind reads whole pages rather than their searchable part (the same index).
const search = searchIndex({ wholePages: process.env.TOTW_SEARCH_WHOLE_PAGES === '1' });

export default defineConfig({
  site: siteUrl,
  trailingSlash: 'always',
  // Old WordPress addresses written by `npm run import -- wordpress` (none until then): 301s to the new pages.
  redirects: importedRedirects(import.meta.dirname, siteUrl),
  // Pages are prerendered; the subscribe, confirm and unsubscribe handlers run on Node.
  // No request body is ever larger than an SNS notification (256 KiB); forms stop reading at 16 KB.
  adapter: node({ mode: 'standalone', bodySizeLimit: 256 * 1024 }),
  // Our handlers check Origin themselves: RFC 8058 one-click POSTs from mail providers carry none.
  // Only the public host may come through X-Forwarded-Host (links in emails never use it anyway).
  security: { checkOrigin: false, allowedDomains: [{ hostname: new URL(siteUrl).hostname }] },
  server: { port: env.PORT, host: env.HOST },
  // Silences exactly one known, harmless warning (one per MDX file); see bundler-warnings.ts.
  vite: { build: { rolldownOptions: { onwarn: onBundlerWarning } } },
  // Astro's console output without the dev router's warning for ordinary 404s; see log-destination.ts.
  logger: { entrypoint: './src/integrations/log-destination.ts' },
  integrations: [
    contentGuard(),
    draftPreview(),
    mdx(),
    // Each collection's MDX in one chunk of the bundle instead of two per file (a faster build,
    // the same pages). TOTW_CONTENT_CHUNKS=0: Astro's default, one chunk per file.
    contentChunks({ collections: ['tips', 'issues'], enabled: process.env.TOTW_CONTENT_CHUNKS !== '0' }),
    sitemap({ filter: (page) => !/\/404\/?$/.test(page) && !page.includes('/email/') }),
    // TOTW_NO_CACHE=1: check every email afresh, ignoring results kept in build/cache/.
    emailArtifacts({ cache: process.env.TOTW_NO_CACHE !== '1' }),
    search,
    // On more than two cores, tip pages and tag feeds render on a worker thread (they share each
    // tip's HTML) while the main thread renders the rest; every page goes to the search index as
    // it is rendered. TOTW_PRERENDER_WORKER=0: everything on the main thread; =1: the worker
    // whatever the cores.
    parallelPrerender({
      workerRoutes: ['src/pages/tips/[slug].astro', 'src/pages/tags/[tag]/rss.xml.ts'],
      onPage: search.addPage,
      ...(process.env.TOTW_PRERENDER_WORKER === '0' ? { enabled: false } : process.env.TOTW_PRERENDER_WORKER === '1' ? { enabled: true } : {}),
    }),
  ],
});
