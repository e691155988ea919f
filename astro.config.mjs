// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'astro/config';
import { parseEnv, resolveSiteUrl } from './src/config/env.ts';
import { site } from './src/config/site.ts';
import { astroCsp } from './src/server/headers.ts';
import { importedRedirects } from './src/import/redirects.fs.ts';
import { onBundlerWarning } from './src/integrations/bundler-warnings.ts';
import { contentChunks } from './src/integrations/content-chunks.ts';
import { contentGuard } from './src/integrations/content-guard.ts';
import { draftPreview } from './src/integrations/draft-preview.ts';
import { emailArtifacts } from './src/integrations/email-artifacts.ts';
import { searchIndex } from './src/integrations/search-index.ts';

const env = parseEnv(process.env);
// Pages render on several threads (Astro's experimental.parallelPrerender) where there are more
// than two cores; on two the build measured slower with it (docs/benchmarks.md).
// TOTW_PRERENDER_WORKERS=N sets the number of rendering threads, 0 turns it off.
const prerenderWorkers = process.env.TOTW_PRERENDER_WORKERS ? Number(process.env.TOTW_PRERENDER_WORKERS) : availableParallelism() > 2 ? availableParallelism() - 1 : 0;
const siteUrl = resolveSiteUrl(site.url, env);

export default defineConfig({
  site: siteUrl,
  // `npm run build` publishes this folder as build/releases/<id>/ once every step passed and
  // points dist at it (src/build/); a bare `astro build` only fills it.
  outDir: './build/staging',
  // Astro's caches (content data store, incremental build) live with ours in build/cache/: keeping
  // build/ between builds is all a server or CI needs for a fast rebuild.
  cacheDir: './build/cache/astro',
  // A page whose cacheKey (src/views/) and code are unchanged is copied from the last build.
  experimental: { incrementalBuild: true, ...(prerenderWorkers > 0 && { parallelPrerender: { workers: prerenderWorkers } }) },
  trailingSlash: 'always',
  // Old WordPress addresses written by `npm run import -- wordpress` (none until then): 301s to the new pages.
  redirects: importedRedirects(import.meta.dirname, siteUrl),
  // Pages are prerendered; the subscribe, confirm and unsubscribe handlers run on Node, inside our own
  // server (src/server/), which imports the adapter's middleware-mode handler.
  // No request body is ever larger than an SNS notification (256 KiB); forms stop reading at 16 KB.
  adapter: node({ mode: 'middleware', bodySizeLimit: 256 * 1024 }),
  // Our handlers check Origin themselves: RFC 8058 one-click POSTs from mail providers carry none.
  // Only the public host may come through X-Forwarded-Host (links in emails never use it anyway).
  // Astro's CSP hashes the scripts and styles it inlines into each page (see src/server/headers.ts).
  security: { checkOrigin: false, allowedDomains: [{ hostname: new URL(siteUrl).hostname }], csp: astroCsp() },
  // Code blocks stay plain <pre><code>: Shiki colours them with inline styles, which the CSP forbids.
  markdown: { syntaxHighlight: false },
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
    searchIndex(),
  ],
});
