import { describe, expect, it } from 'vitest';
import { releaseId, releasesToPrune } from './releases.ts';

describe('releaseId', () => {
  it('names a release by its time, in an order that sorts as text', () => {
    expect(releaseId(new Date('2026-12-04T17:45:12.123Z'))).toBe('2026-12-04T17-45-12-123Z');
    expect(releaseId(new Date('2026-12-04T09:00:00.000Z')) < releaseId(new Date('2026-12-04T10:00:00.000Z'))).toBe(true);
  });
});

describe('releasesToPrune', () => {
  const ids = ['2026-12-01T00-00-00-000Z', '2026-12-02T00-00-00-000Z', '2026-12-03T00-00-00-000Z', '2026-12-04T00-00-00-000Z'];

  it('keeps the newest three and deletes the older ones', () => {
    expect(releasesToPrune([...ids].reverse(), ids[3]!)).toEqual([ids[0]]);
    expect(releasesToPrune(ids.slice(0, 3), ids[2]!)).toEqual([]);
  });

  it('never deletes the published release, even when it is not among the newest', () => {
    expect(releasesToPrune(ids, ids[0]!)).toEqual([]);
    expect(releasesToPrune(ids, ids[1]!, 1)).toEqual([ids[2], ids[0]]);
  });

  it('leaves folders that are not releases alone', () => {
    expect(releasesToPrune(['notes', ...ids, '.DS_Store'], ids[3]!)).toEqual([ids[0]]);
  });
});
