/**
 * The services under `npm run dev`, where no start-up step builds them: the dev server renders the signup
 * emails at /email/notice-*.html, and they are fetched from the dev server's own configured address, never
 * from a request's Host header.
 */
import { localOrigin, parseEnv } from '../config/env.ts';
import { site } from '../config/site.ts';
import { createServices, type ServiceOptions, type Services } from './services.ts';

function devServerOptions(envVars: Record<string, string | undefined>): ServiceOptions {
  const env = parseEnv(envVars);
  const origin = localOrigin(env);
  const get = async (path: string) => {
    const response = await fetch(new URL(path, origin));
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.text();
  };
  const subjectOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? site.title;
  const load = async (kind: string) => {
    const html = await get(`/email/notice-${kind}.html`);
    return { subject: subjectOf(html), html, text: await get(`/email/notice-${kind}.txt`) };
  };
  return { siteUrl: env.SITE_URL ?? origin, notices: async () => ({ confirm: await load('confirm'), welcome: await load('welcome'), change: await load('change') }) };
}

/** Builds the dev server's services from its environment. */
export function createDevServices(envVars: Record<string, string | undefined>, rootDir: string): Promise<Services> {
  return createServices(envVars, rootDir, devServerOptions(envVars));
}
