import { describe, expect, it } from 'vitest';
import { checkKey, checkWithCache } from './check-cache.ts';

const email = (html: string, pickUrls: string[] = []) => ({ html, text: 'text', pickUrls });

describe('checkWithCache', () => {
  it('checks new emails, reuses unchanged ones and keeps only this build\'s results', () => {
    const seen: string[] = [];
    const check = (e: { html: string }) => (seen.push(e.html), e.html.includes('bad') ? ['bad thing'] : []);
    const first = checkWithCache([email('a'), email('bad')], 'v1', {}, check);
    expect(first.problems).toEqual([[], ['bad thing']]);
    expect(first.reused).toBe(0);
    expect(seen).toEqual(['a', 'bad']);

    const second = checkWithCache([email('a'), email('c')], 'v1', { ...first.next, stale: [] }, check);
    expect(seen).toEqual(['a', 'bad', 'c']);
    expect(second.reused).toBe(1);
    expect(Object.keys(second.next).sort()).toEqual([checkKey('v1', email('a')), checkKey('v1', email('c'))].sort());
  });

  it('checks everything again when the checker changed', () => {
    let calls = 0;
    const first = checkWithCache([email('a')], 'v1', {}, () => (calls++, []));
    checkWithCache([email('a')], 'v2', first.next, () => (calls++, []));
    expect(calls).toBe(2);
  });

  it('checks an email twice in one build only once', () => {
    let calls = 0;
    const result = checkWithCache([email('a'), email('a')], 'v1', {}, () => (calls++, []));
    expect(calls).toBe(1);
    expect(result.problems).toEqual([[], []]);
  });

  it('keys on every part: html, text and pick URLs', () => {
    const base = checkKey('v1', email('a', ['https://x.example/']));
    expect(checkKey('v1', email('b', ['https://x.example/']))).not.toBe(base);
    expect(checkKey('v1', { html: 'a', text: 'other', pickUrls: ['https://x.example/'] })).not.toBe(base);
    expect(checkKey('v1', email('a', ['https://y.example/']))).not.toBe(base);
  });
});
