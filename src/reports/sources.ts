/**
 * Numbers the report shows when other parts of the product provide them: paused readers (the preference
 * page) and pick click counts (CLICK_COUNTS). Each is optional: a report without a source leaves its
 * series or section out and says why. The command wires in whatever providers exist.
 */

/** Click counts of one issue's picks, from the click counter. */
export interface PickClicks {
  /** Each pick of the issue with its counted (person-like) clicks. */
  picks: { pick: number; title: string; count: number }[];
  /** Clicks left out as automated (link scanners, prefetches, bursts). */
  automated: number;
}

export interface ReportSources {
  /** How many confirmed readers were paused at the end of each given instant (same order). */
  pausedAt?: (instants: Date[]) => Promise<number[]>;
  /** One issue's pick click counts; undefined when that issue has none recorded. */
  pickClicks?: (issue: number) => Promise<PickClicks | undefined>;
}

/** No optional source: no paused series, click counting reported as off. */
export const NO_SOURCES: ReportSources = {};
