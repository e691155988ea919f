/**
 * The search-index worker with the real Pagefind: pages posted from this thread end up in
 * the index it writes, and a failure reaches write() instead of hanging it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SearchIndexThread } from './search-index-thread.fs.ts';

const page = (title: string, words: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body><nav>Menu</nav><article data-pagefind-body><h1>${title}</h1><p>${words}</p></article></body></html>`;

let out: string;
let thread: SearchIndexThread;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'totw-search-index-'));
  thread = new SearchIndexThread();
});
afterEach(async () => {
  await thread.close();
  rmSync(out, { recursive: true, force: true });
});

describe('SearchIndexThread', () => {
  it('indexes the pages posted to it and writes the index under the folder given', async () => {
    thread.add({ url: '/tips/greet-by-name/', html: page('Greet by name', 'Use the customer name once, early.') });
    thread.add({ url: '/tips/close-the-loop/', html: page('Close the loop', 'Tell the customer when the fix ships.') });
    expect(thread.pages).toBe(2);
    await expect(thread.write(out)).resolves.toBe(2);
    const entry = JSON.parse(readFileSync(join(out, 'pagefind/pagefind-entry.json'), 'utf8'));
    expect(entry.languages.en.page_count).toBe(2);
    expect(existsSync(join(out, 'pagefind/pagefind.js'))).toBe(true);
  });

  it('fails write(), instead of hanging, when Pagefind\'s process dies writing the index', async () => {
    thread.add({ url: '/tips/a/', html: page('A', 'words') });
    // A file where the output folder should be: Pagefind panics creating pagefind/ under it.
    const notAFolder = join(out, 'file');
    writeFileSync(notAFolder, 'x');
    await expect(thread.write(notAFolder)).rejects.toThrow(/Pagefind's indexer stopped \(exit code \d+\); its own message is above\./);
  });

  it('fails write() when the worker is gone, instead of waiting for ever', async () => {
    await thread.close();
    await expect(thread.write(out)).rejects.toThrow(/closed/);
  });
});
