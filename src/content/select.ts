/**
 * Which entries readers see, and in what order. Pure: the clock is an argument,
 * so a build, a test and the sender agree on what "published" means.
 */

/** The part of an entry that publishing decisions look at. */
export interface Dated {
  data: { date: Date; draft: boolean };
}

/** Published = not a draft and dated on or before `now`. Future-dated entries appear on their day. */
export function isPublished(entry: Dated, now: Date): boolean {
  return !entry.data.draft && entry.data.date.getTime() <= now.getTime();
}

/** Published entries, newest first; ties broken by id so the order is stable. */
export function published<T extends Dated & { id: string }>(entries: readonly T[], now: Date): T[] {
  return entries.filter((e) => isPublished(e, now)).sort(newestFirst);
}

export function newestFirst(a: Dated & { id: string }, b: Dated & { id: string }): number {
  return b.data.date.getTime() - a.data.date.getTime() || a.id.localeCompare(b.id);
}

/** Neighbours in a newest-first list: `newer` is the next one published after, `older` the one before. */
export function neighbours<T extends { id: string }>(list: readonly T[], id: string): { newer?: T; older?: T } {
  const index = list.findIndex((e) => e.id === id);
  if (index === -1) return {};
  const result: { newer?: T; older?: T } = {};
  const newer = list[index - 1];
  const older = list[index + 1];
  if (newer) result.newer = newer;
  if (older) result.older = older;
  return result;
}

/** Positions in `list` of the entries carrying each tag (once per time the entry lists it). */
const positionsByTag = new WeakMap<readonly unknown[], Map<string, number[]>>();

function tagIndex(list: readonly { data: { tags: string[] } }[]): Map<string, number[]> {
  let index = positionsByTag.get(list);
  if (!index) {
    index = new Map();
    list.forEach((entry, position) => {
      for (const tag of entry.data.tags) {
        const positions = index!.get(tag);
        if (positions) positions.push(position);
        else index!.set(tag, [position]);
      }
    });
    positionsByTag.set(list, index);
  }
  return index;
}

/**
 * Tips that share the most tags with `tip`; among those sharing as many, the nearest in date
 * (of two equally near, the older), then by id; never the tip itself. Date nearness, not
 * recency: a new tip is far in time from most tips, so it enters the related lists of a few
 * pages rather than of every tip sharing a tag with it, and each list stays put as the
 * archive grows (an incremental build re-renders only those pages). `list` is expected newest
 * first (as from `published`). Every tip page asks this of the same list, so the list is
 * indexed by tag once (kept while the list lives): each call looks only at the tips that share
 * a tag, instead of the whole list (which made a build grow with the square of the number of tips).
 */
export function related<T extends { id: string; data: { date: Date; tags: string[] } }>(tip: T, list: readonly T[], count = 3): T[] {
  const index = tagIndex(list);
  const shared = new Map<number, number>();
  for (const tag of new Set(tip.data.tags)) {
    for (const position of index.get(tag) ?? []) {
      if (list[position]!.id !== tip.id) shared.set(position, (shared.get(position) ?? 0) + 1);
    }
  }
  const when = tip.data.date.getTime();
  const distance = (position: number) => Math.abs(list[position]!.data.date.getTime() - when);
  return [...shared]
    .sort(([a, sharedA], [b, sharedB]) => sharedB - sharedA || distance(a) - distance(b) || byAgeThenId(list[a]!, list[b]!))
    .slice(0, count)
    .map(([position]) => list[position]!);
}

/** The older first, then by id: an order of two entries that no third entry changes. */
const byAgeThenId = (a: { id: string; data: { date: Date } }, b: { id: string; data: { date: Date } }) => a.data.date.getTime() - b.data.date.getTime() || a.id.localeCompare(b.id);

/** Every tag in use with its count, most used first, then alphabetical. */
export function tagCounts(list: readonly { data: { tags: string[] } }[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const entry of list) for (const tag of entry.data.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** Minutes to read a body of MDX at 220 words a minute, ignoring markup; at least 1. */
export function readingMinutes(body: string): number {
  const prose = body
    .replace(/^(import|export)\s.*$/gm, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[#*_`>[\]()!-]/g, ' ');
  const words = prose.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 220));
}
