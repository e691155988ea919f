/**
 * Indexes a built site with Pagefind's command line (`pagefind --site <dir>`), run as a child
 * process of its own: its exit code says whether it worked, so a Pagefind that fails or dies
 * fails the build with its own message instead of leaving it waiting (Pagefind's Node API never
 * settles its requests when its indexing process dies). It reads the written pages itself,
 * which also covers pages an incremental build reused rather than rendered.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The command npm installs for the `pagefind` package, under the project root. */
export const pagefindCommand = (root: string) => join(root, 'node_modules/.bin/pagefind');

/** Pagefind exited without writing its index. */
export class SearchIndexError extends Error {}

/** Writes `<siteDir>/pagefind/`; resolves with the number of pages in the index. */
export function indexSite(siteDir: string, command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['--site', siteDir, '--silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      errors = (errors + chunk).slice(-4000);
    });
    child.on('error', (error) => reject(new SearchIndexError(`Pagefind could not start (${command}): ${error.message}. Run \`npm ci\` to install it.`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(pageCount(siteDir));
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      reject(new SearchIndexError(`Pagefind ${how} while indexing ${siteDir}${errors.trim() ? `:\n${errors.trim()}` : '.'}`));
    });
  });
}

/** Pages in the index Pagefind wrote, summed over its languages. */
function pageCount(siteDir: string): number {
  const entry = JSON.parse(readFileSync(join(siteDir, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}
