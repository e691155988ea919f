// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { parseEnv, resolveSiteUrl } from './src/config/env.ts';
import { site } from './src/config/site.ts';
import { contentGuard } from './src/integrations/content-guard.ts';
import { emailArtifacts } from './src/integrations/email-artifacts.ts';
import { searchIndex } from './src/integrations/search-index.ts';

const env = parseEnv(process.env);

export default defineConfig({
  site: resolveSiteUrl(site.url, env),
  trailingSlash: 'always',
  server: { port: env.PORT, host: env.HOST },
  integrations: [
    contentGuard(),
    mdx(),
    sitemap({ filter: (page) => !/\/404\/?$/.test(page) && !page.includes('/email/') }),
    emailArtifacts(),
    searchIndex(),
  ],
});
