/**
 * Numbers the report shows when other parts of the product provide them: paused readers (the preference
 * page) and pick click counts (CLICK_COUNTS). Each is optional: a report without a source leaves its
 * part out and says why. `sources.db.ts` wires the real ones.
 */

/** Click counts of one issue's picks, from the click counter. */
export interface PickClicks {
  /** Each pick that was clicked, with its counted (person-like) clicks; the title when the source knows it. */
  picks: { pick: number; title?: string; count: number }[];
  /** Clicks left out as automated (link scanners, prefetches, bursts). */
  automated: number;
}

export interface ReportSources {
  /**
   * Confirmed readers on a pause at `now`. Only the present is known (the database keeps when a pause ends,
   * not when it began), so past weeks cannot show pauses.
   */
  pausedNow?: (now: Date) => Promise<number>;
  /** One issue's pick click counts; undefined when that issue has none recorded. */
  pickClicks?: (issue: number) => Promise<PickClicks | undefined>;
}

/** No optional source: pauses not shown, click counting reported as off. */
export const NO_SOURCES: ReportSources = {};
