/**
 * Archive pages numbered from the oldest end. Page 1 holds the oldest entries and keeps them
 * for good: when an entry is added, only the front page (the list's own URL, which shows the
 * newest) changes, and every few weeks a full page moves off the front and gets the next
 * number. So an old archive URL keeps showing what it showed, and an incremental build
 * re-renders one or two list pages a week instead of all of them (docs/benchmarks.md). Pure.
 */

/** Where a pager link goes: a numbered page, or the list's front page (no number). */
export interface PageRef {
  number: number | undefined;
}

export interface Page<T> {
  /** The entries shown, newest first. */
  items: T[];
  /** The page's number, counted from the oldest (1); undefined on the front page, which shows the newest. */
  number: number | undefined;
  /** The page with the next newer entries (the front page after the newest numbered one); none on the front page. */
  newer: PageRef | undefined;
  /** The page with the next older entries; none on page 1 (or on a front page holding everything). */
  older: PageRef | undefined;
}

export interface Archive<T> {
  /** The newest entries: at least `size` of them (unless there are fewer), at most 2 × size − 1. */
  front: Page<T>;
  /** Full pages of older entries, page 1 the oldest. */
  numbered: Page<T>[];
}

/**
 * Splits a newest-first list into pages of `size` counted from its oldest end. The newest
 * group of `size` may be short; the front page shows it together with the full group before
 * it, so the front page never shows just one or two entries and every numbered page is full.
 */
export function archivePages<T>(newestFirst: readonly T[], size: number): Archive<T> {
  const groups = Math.ceil(newestFirst.length / size);
  const onFront = groups >= 2 && newestFirst.length % size !== 0 ? 2 : Math.min(groups, 1);
  const count = groups - onFront;
  const oldestFirst = [...newestFirst].reverse();
  const numbered = Array.from({ length: count }, (_, i): Page<T> => ({
    items: oldestFirst.slice(i * size, (i + 1) * size).reverse(),
    number: i + 1,
    newer: { number: i + 1 < count ? i + 2 : undefined },
    older: i > 0 ? { number: i } : undefined,
  }));
  const front: Page<T> = {
    items: newestFirst.slice(0, newestFirst.length - count * size),
    number: undefined,
    newer: undefined,
    older: count > 0 ? { number: count } : undefined,
  };
  return { front, numbered };
}
