import { describe, expect, it } from 'vitest';
import { rateLimiter } from './rate-limit.ts';

describe('rateLimiter', () => {
  it('gives concurrent callers consecutive slots 1/rate apart', async () => {
    let now = 1000;
    const waits: number[] = [];
    const limit = rateLimiter(4, () => now, async (ms) => void waits.push(ms));
    await Promise.all([limit(), limit(), limit(), limit()]);
    expect(waits).toEqual([250, 500, 750]);
    now += 2000;
    await limit();
    expect(waits).toHaveLength(3);
  });

  it('does not wait without a rate', async () => {
    const waits: number[] = [];
    const limit = rateLimiter(undefined, () => 0, async (ms) => void waits.push(ms));
    await Promise.all([limit(), limit()]);
    expect(waits).toEqual([]);
  });
});
