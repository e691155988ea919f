/**
 * Astro's middleware (registered by src/middleware.ts). Prerendered pages pass straight through, at build
 * time and after. For on-demand pages it
 * - hands over the services as `Astro.locals.services`: `npm run serve` passes them with every request (the
 *   Node adapter's middleware-mode handler takes `locals`); `npm run dev` has no start-up step, so there they
 *   are built on first use;
 * - adds the directives of our own Content-Security-Policy header (`frame-ancestors`, …) to the one Astro
 *   writes for on-demand pages, which replaces ours there (see headers.ts).
 */
import { defineMiddleware } from 'astro:middleware';
import { createDevServices } from './dev-services.ts';
import { withResponsePolicy } from './headers.ts';
import type { Services } from './services.ts';

let devServices: Promise<Services> | undefined;
// When the dev server reloads this module, the services built by the old copy stop (worker, database).
import.meta.hot?.dispose(() => void devServices?.then((services) => services.close()));

export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  if (!context.locals.services) {
    if (!import.meta.env.DEV) throw new Error('Astro.locals.services is missing: serve the built site with `npm run serve`, which passes them.');
    devServices ??= createDevServices(process.env, process.cwd());
    context.locals.services = await devServices;
  }
  const response = await next();
  const policy = response.headers.get('content-security-policy');
  if (policy) response.headers.set('content-security-policy', withResponsePolicy(policy, context.locals.services.siteUrl));
  return response;
});
