/**
 * `npm run serve` (and `npm start` after building): checks the settings, opens and
 * migrates the database, builds the services, then serves the built site (pages, assets
 * and the subscription handlers) from Astro's Node handler inside our own HTTP server.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { createServices, registerServices } from './services.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RunningServer {
  url: string;
  close: () => Promise<void>;
}

export async function main(envVars: Record<string, string | undefined>, rootDir: string, log: (line: string) => void): Promise<RunningServer> {
  const env = parseEnv(envVars);
  const entry = join(rootDir, 'dist/server/entry.mjs');
  if (!existsSync(entry)) throw new CliError('The site is not built yet (dist/server/entry.mjs is missing). Run `npm run build` first, or use `npm start`, which builds.');
  const services = await createServices(envVars, rootDir);
  registerServices(Promise.resolve(services));
  // We listen ourselves; Astro only handles requests.
  process.env['ASTRO_NODE_AUTOSTART'] = 'disabled';
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: Handler };
  const server = createServer((req, res) => handler(req, res));
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
