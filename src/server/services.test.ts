/** The server's start-up refuses what would make it unsafe, before it listens (security review, item 5). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from './services.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'totw-services-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createServices', () => {
  it('fails closed without built signup emails: no fetching them from anywhere a request could name', async () => {
    const env = { DATABASE_URL: `file:${join(dir, 'tips.db')}`, EMAIL_DIR: join(dir, 'no-build'), SECRET_FILE: join(dir, 's'), SUPPRESSION_KEY_FILE: join(dir, 'k'), OUTBOX_DIR: join(dir, 'outbox') };
    await expect(createServices(env, dir)).rejects.toThrow(`No signup emails in ${join(dir, 'no-build')}/ (manifest.json is missing): run \`npm run build\`, then start the server again.`);
  });
});
