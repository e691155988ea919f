/**
 * `npm run serve` (and `npm start` after building): checks the settings, opens and
 * migrates the database, builds the services (the outbox worker starts with them), then
 * serves the built site from Astro's Node handler inside our own HTTP server, which adds the
 * security headers, compression and /healthz.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../cli/errors.ts';
import { parseEnv, serverSiteUrl } from '../config/env.ts';
import { site } from '../config/site.ts';
import { inlineHashes } from './csp.fs.ts';
import { databaseHealth } from './health.fs.ts';
import { createHttpServer, type Handler } from './http.ts';
import { redactTokens } from './redact.ts';
import { createServices, registerServices, type ServiceOptions } from './services.ts';

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

/** Every line this process writes loses its tokens (the adapter logs full URLs on a render error). */
function redactOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redactTokens(chunk) : Buffer.isBuffer(chunk) ? redactTokens(chunk.toString('utf8')) : chunk, ...rest)) as typeof stream.write;
  }
}

export async function main(envVars: Record<string, string | undefined>, rootDir: string, log: (line: string) => void, options: ServiceOptions = {}): Promise<RunningServer> {
  const env = parseEnv(envVars);
  const siteUrl = options.siteUrl ?? serverSiteUrl(site.url, env);
  if (env.NODE_ENV === 'production' && !siteUrl.startsWith('https://')) {
    throw new CliError(`The public site URL is ${siteUrl}: in production every link in emails must be https. Set SITE_URL=https://… (or the url in src/config/site.ts) and start again.`);
  }
  const entry = join(rootDir, 'dist/server/entry.mjs');
  if (!existsSync(entry)) throw new CliError('The site is not built yet (dist/server/entry.mjs is missing). Run `npm run build` first, or use `npm start`, which builds.');
  redactOutput();
  const services = await createServices(envVars, rootDir, { ...options, siteUrl });
  registerServices(Promise.resolve(services));
  // We listen ourselves; Astro only handles requests.
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const health = databaseHealth(services.db, services.outbox, env.DATABASE_URL, () => new Date());
  const server = createHttpServer(handler, { siteUrl, ...inlineHashes(join(rootDir, 'dist/client')) }, health);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new CliError(`Port ${env.PORT} on ${env.HOST} is already in use: stop the other server or set PORT.`) : error),
    );
    server.listen(env.PORT, env.HOST, resolve);
  });
  const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}/`;
  log(`Tip of the Week is running at ${url} (subscribers: ${services.db.describe()}; mail: ${services.transport.describe()}). Ctrl-C stops it.`);
  return {
    url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await services.close();
    },
  };
}
