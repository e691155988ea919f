import { describe, expect, it } from 'vitest';
import { hasUnguessablePart, newMessageId } from './message-id.ts';

describe('our Message-IDs', () => {
  it('end in 128 random bits, different for every message, so one copy tells nothing about the next', () => {
    const first = newMessageId('welcome.6', 'tips.example.com');
    const second = newMessageId('welcome.6', 'tips.example.com');
    expect(first).toMatch(/^<welcome\.6\.[0-9a-f]{32}@tips\.example\.com>$/);
    expect(second).not.toBe(first);
    expect(newMessageId('issue-8.42.mx966wc8', 'tips.example.com', 'ab'.repeat(16))).toBe(`<issue-8.42.mx966wc8.${'ab'.repeat(16)}@tips.example.com>`);
  });

  it('are told apart from guessable ones, with or without angle brackets', () => {
    const id = newMessageId('confirm.17', 'tips.example.com');
    expect(hasUnguessablePart(id)).toBe(true);
    expect(hasUnguessablePart(id.slice(1, -1))).toBe(true);
    // What we sent before the nonce, and what a stranger makes up.
    for (const guessable of ['<confirm.17@tips.example.com>', 'welcome.6@127.0.0.1', '<issue-8.10001.mx966wc8@tips.example.com>', `<x.${'0'.repeat(31)}@h>`, `<x.${'A'.repeat(32)}@h>`, '']) {
      expect(hasUnguessablePart(guessable)).toBe(false);
    }
  });
});
