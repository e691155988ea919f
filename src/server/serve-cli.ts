/**
 * `npm start` (after the build): checks the settings, applies database migrations and
 * starts the built Node server, which serves the pages and the subscription handlers.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseServerEnv, resolveSecret } from '../config/server-env.ts';
import { openDatabase } from '../subscribers/store.sqlite.ts';

export async function main(env: Record<string, string | undefined>, rootDir: string, log: (line: string) => void): Promise<void> {
  const settings = parseServerEnv(env);
  // Resolved here so a production start without a secret stops before listening.
  env['SUBSCRIPTION_SECRET'] = resolveSecret(settings);
  openDatabase(settings.DATABASE_URL).close();
  const entry = join(rootDir, 'dist/server/entry.mjs');
  if (!existsSync(entry)) throw new Error('The site is not built yet (dist/server/entry.mjs is missing). Run `npm run build` first, or use `npm start`, which builds.');
  const host = env['HOST'] ?? 'localhost';
  const port = env['PORT'] ?? '4321';
  env['HOST'] = host;
  env['PORT'] = port;
  await import(pathToFileURL(entry).href);
  log(`Tip of the Week is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/ (subscribers: ${settings.DATABASE_URL}; mail: ${settings.SMTP_URL ? 'SMTP' : `${settings.OUTBOX_DIR}/ outbox`}). Ctrl-C stops it.`);
}
