import { describe, expect, it } from 'vitest';
import { checkKey } from './check-cache.ts';

const email = (html: string, pickUrls: string[] = []) => ({ html, text: 'text', pickUrls });

describe('checkKey', () => {
  it('keys on every part: html, text and pick URLs', () => {
    const base = checkKey('v1', email('a', ['https://x.example/']));
    expect(checkKey('v1', email('b', ['https://x.example/']))).not.toBe(base);
    expect(checkKey('v1', { html: 'a', text: 'other', pickUrls: ['https://x.example/'] })).not.toBe(base);
    expect(checkKey('v1', email('a', ['https://y.example/']))).not.toBe(base);
  });

  it('keys on the checker: a changed check or caniemail checks everything again', () => {
    expect(checkKey('v2', email('a'))).not.toBe(checkKey('v1', email('a')));
  });
});
