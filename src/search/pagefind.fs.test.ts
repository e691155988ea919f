/**
 * Pagefind's command line on a small written site: the index it writes, and a Pagefind that
 * fails (it panics when it cannot create its output folder) failing the call, not hanging it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { indexSite, pagefindCommand, SearchIndexError } from './pagefind.fs.ts';

const page = (title: string, words: string, searchable = true) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav>Menu</nav><article${searchable ? ' data-pagefind-body' : ''}><h1>${title}</h1><p>${words}</p></article></body></html>`;

let site: string;
const write = (path: string, html: string) => {
  mkdirSync(join(site, path, '..'), { recursive: true });
  writeFileSync(join(site, path), html);
};
beforeEach(() => {
  site = mkdtempSync(join(tmpdir(), 'totw-pagefind-'));
});
afterEach(() => rmSync(site, { recursive: true, force: true }));

describe('indexSite', () => {
  it('indexes the pages that opt in and writes the index under the site', async () => {
    write('tips/greet-by-name/index.html', page('Greet by name', 'Use the customer name once, early.'));
    write('tips/close-the-loop/index.html', page('Close the loop', 'Tell the customer when the fix ships.'));
    write('tags/index.html', page('Tags', 'Every topic', false));
    await expect(indexSite(site, pagefindCommand(projectRoot))).resolves.toBe(2);
    expect(existsSync(join(site, 'pagefind/pagefind.js'))).toBe(true);
  });

  it('fails with Pagefind\'s exit code, instead of hanging, when Pagefind cannot write its index', async () => {
    write('tips/a/index.html', page('A', 'words'));
    // A file where the output folder should be: Pagefind stops when it cannot create pagefind/.
    writeFileSync(join(site, 'pagefind'), 'x');
    const failure = indexSite(site, pagefindCommand(projectRoot));
    await expect(failure).rejects.toThrow(SearchIndexError);
    await expect(failure).rejects.toThrow(/^Pagefind exited with code \d+ while indexing/);
  });

  it('says how to install Pagefind when its command is missing', async () => {
    await expect(indexSite(site, join(site, 'no-such-pagefind'))).rejects.toThrow(/Pagefind could not start .*Run `npm ci` to install it\./);
  });
});
