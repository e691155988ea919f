/**
 * Sign-up under `npm run dev` (slow: starts astro dev on the fixture publication). There is no start-up
 * step there: the Astro middleware builds the services on the first on-demand page, and the signup emails
 * come from the dev server itself. Mail goes to the staged project's outbox/ as .eml files.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot, stageProject } from '../testing/build-site.fs.ts';
import { startDevServer, type DevServer } from '../testing/dev-server.fs.ts';

let root: string;
let dev: DevServer;

beforeAll(async () => {
  root = stageProject(join(projectRoot, 'src/testing/fixtures/content'), 'totw-dev-signup-');
  dev = await startDevServer(root);
});
afterAll(async () => {
  await dev?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('npm run dev', () => {
  it('takes a sign-up and writes the confirmation email, with the services the middleware built', async () => {
    expect((await fetch(`${dev.url}/subscribe/`)).status).toBe(200);
    const response = await fetch(`${dev.url}/subscribe/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: dev.url },
      body: new URLSearchParams({ email: 'dev.reader@example.com', form: 'dev-test' }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Check your inbox');
    const outbox = join(root, 'outbox');
    await vi.waitFor(() => expect(existsSync(outbox) && readdirSync(outbox).some((f) => f.endsWith('.eml'))).toBe(true), { timeout: 20_000, interval: 100 });
    const mail = await PostalMime.parse(readFileSync(join(outbox, readdirSync(outbox).find((f) => f.endsWith('.eml'))!)));
    expect(mail.to).toEqual([{ name: '', address: 'dev.reader@example.com' }]);
    expect(mail.text).toContain(`${dev.url}/confirm/?token=`);
    // Astro's CSP is for built pages; the dev server must not warn about it (nor about Shiki under it).
    expect(dev.logs()).not.toMatch(/\bCSP\b|Content Security Policy/);
  }, 60_000);
});
