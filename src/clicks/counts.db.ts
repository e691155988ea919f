/**
 * The one writer of `pick_clicks`: per issue, pick and UTC day, how many clicks people made and how many were
 * filtered as automated. No row names a reader. Read by `npm run report` through pickClicks().
 */
import type { Database } from '../db/database.ts';
import { DECOY_PICK } from './links.ts';
import type { Tally } from './filter.ts';

/** Adds judged clicks to the counts, in one transaction. */
export async function recordClicks(db: Database, tallies: readonly Tally[]): Promise<void> {
  if (tallies.length === 0) return;
  await db.transaction(async (tx) => {
    for (const t of tallies) {
      await tx.run(
        `INSERT INTO pick_clicks (issue, pick, day, clicks, automated) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (issue, pick, day) DO UPDATE SET clicks = pick_clicks.clicks + excluded.clicks, automated = pick_clicks.automated + excluded.automated`,
        [t.issue, t.pick, t.day, t.clicks, t.automated],
      );
    }
  });
}

/** One issue's counts for the report. */
export interface PickClicks {
  /** Clicks people made, per pick (1-based, in the issue's order); picks nobody opened are absent. */
  picks: { pick: number; clicks: number }[];
  /** Clicks filtered as automated (scanners, prefetches, bursts, the decoy), all picks together. */
  automated: number;
}

export async function pickClicks(db: Pick<Database, 'all'>, issue: number): Promise<PickClicks> {
  const rows = await db.all<{ pick: number; clicks: number; automated: number }>(
    'SELECT pick, SUM(clicks) AS clicks, SUM(automated) AS automated FROM pick_clicks WHERE issue = ? GROUP BY pick ORDER BY pick',
    [issue],
  );
  return {
    picks: rows.filter((r) => Number(r.pick) !== DECOY_PICK && Number(r.clicks) > 0).map((r) => ({ pick: Number(r.pick), clicks: Number(r.clicks) })),
    automated: rows.reduce((sum, r) => sum + Number(r.automated), 0),
  };
}

/** How a count is shown in the report: under 3 as "< 3", so a single reader's click is never singled out. */
export const shownCount = (clicks: number) => (clicks < 3 ? '< 3' : String(clicks));
