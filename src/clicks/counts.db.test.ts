import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, testEngines, type TestDatabase } from '../testing/databases.fs.ts';
import { pickClicks, recordClicks, shownCount } from './counts.db.ts';

describe.each(testEngines())('click counts on %s', (engine) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase(engine);
  });
  afterEach(() => t.cleanup());

  it('adds judged clicks per issue, pick and day, and reports per pick with the automated total', async () => {
    await recordClicks(t.db, [
      { issue: 7, pick: 1, day: '2026-11-30', clicks: 4, automated: 2 },
      { issue: 7, pick: 0, day: '2026-11-30', clicks: 0, automated: 3 },
      { issue: 8, pick: 1, day: '2026-11-30', clicks: 9, automated: 0 },
    ]);
    await recordClicks(t.db, [
      { issue: 7, pick: 1, day: '2026-11-30', clicks: 1, automated: 0 },
      { issue: 7, pick: 3, day: '2026-12-01', clicks: 2, automated: 1 },
      { issue: 7, pick: 2, day: '2026-12-01', clicks: 0, automated: 5 },
    ]);
    expect(await pickClicks(t.db, 7)).toEqual({ picks: [{ pick: 1, clicks: 5 }, { pick: 3, clicks: 2 }], automated: 11 });
    expect(await pickClicks(t.db, 99)).toEqual({ picks: [], automated: 0 });
    expect([0, 2, 3, 40].map(shownCount)).toEqual(['< 3', '< 3', '3', '40']);
  });
});
