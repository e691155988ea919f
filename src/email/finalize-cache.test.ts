import { afterEach, describe, expect, it } from 'vitest';
import { finalizeKey, finishWithCache, installFinalizeCache, type FinalizeCache } from './finalize-cache.ts';

const fresh = (previous: FinalizeCache['previous'] = new Map()): FinalizeCache => ({ previous, next: new Map(), reused: 0 });
afterEach(() => installFinalizeCache(undefined));

describe('finishWithCache', () => {
  it('finishes every time when no cache is installed (dev server, TOTW_NO_CACHE=1)', () => {
    let calls = 0;
    finishWithCache('<p>a</p>', 'https://x.example', () => (calls++, { html: 'h', text: 't' }));
    finishWithCache('<p>a</p>', 'https://x.example', () => (calls++, { html: 'h', text: 't' }));
    expect(calls).toBe(2);
  });

  it('reuses the previous build\'s result for the same HTML and site, and keeps what this build used', () => {
    const old = { html: 'old', text: 'old' };
    const cache = fresh(new Map([[finalizeKey('<p>a</p>', 'https://x.example'), old], ['gone', old]]));
    installFinalizeCache(cache);
    let calls = 0;
    const finish = () => (calls++, { html: 'new', text: 'new' });
    expect(finishWithCache('<p>a</p>', 'https://x.example', finish)).toBe(old);
    expect(finishWithCache('<p>a</p>', 'https://other.example', finish)).toEqual({ html: 'new', text: 'new' });
    expect(finishWithCache('<p>b</p>', 'https://x.example', finish)).toEqual({ html: 'new', text: 'new' });
    expect(finishWithCache('<p>b</p>', 'https://x.example', finish)).toEqual({ html: 'new', text: 'new' });
    expect(calls).toBe(2);
    expect(cache.reused).toBe(1);
    expect([...cache.next.keys()]).not.toContain('gone');
    expect(cache.next.size).toBe(3);
  });
});
