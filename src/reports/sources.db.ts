/** The report's optional sources from this database: paused readers always, pick clicks when CLICK_COUNTS=1. */
import { pickClicks } from '../clicks/counts.db.ts';
import type { Database } from '../db/database.ts';
import { pausedCount } from '../subscribers/store.db.ts';
import type { ReportSources } from './sources.ts';

export function databaseSources(db: Database, options: { clickCounts: boolean }): ReportSources {
  return {
    pausedNow: (now) => pausedCount(db, now),
    ...(options.clickCounts && {
      pickClicks: async (issue: number) => {
        const counts = await pickClicks(db, issue);
        return { picks: counts.picks.map((p) => ({ pick: p.pick, count: p.clicks })), automated: counts.automated };
      },
    }),
  };
}
