/**
 * The editor's lint: what a careful colleague would point out beyond what the schema
 * refuses. Pure: works on raw entries (with their source text for line numbers).
 */
import { isoWeekKey } from '../lib/dates.ts';
import { normalizeUrl } from '../lib/urls.ts';
import { fieldLine, fieldLabel, lineOf } from './locate.ts';
import type { RawContent, RawEntry } from './raw.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  file: string;
  line: number;
  /** For problems in the MDX body. */
  column?: number;
  severity: Severity;
  message: string;
}

type Data = Record<string, unknown>;
/** A pick as written, before validation. */
type RawPick = { title?: string; url?: string; summary?: string; comment?: string };

/** Query parameters that only track clicks. */
export const TRACKING_PARAMS = [/^utm_/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^msclkid$/i, /^mc_cid$/i, /^mc_eid$/i, /^_hsenc$/i, /^_hsmi$/i, /^mkt_tok$/i, /^igshid$/i, /^ref_src$/i, /^yclid$/i];

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z"“])/).filter((s) => s.trim()).length;

/** A URL without tracking parameters, or undefined if it had none. */
export function withoutTracking(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const tracked = [...url.searchParams.keys()].filter((k) => TRACKING_PARAMS.some((re) => re.test(k)));
  if (tracked.length === 0) return undefined;
  for (const key of tracked) url.searchParams.delete(key);
  return url.href;
}

/** "First Impressions " → "first impression": case, spacing and a plural s do not make a new tag. */
export const tagKey = (tag: string) => tag.toLowerCase().replace(/[\s_-]+/g, ' ').trim().replace(/(?<=\w{3})(es|s)$/, '');

const MEANINGLESS_ALT = /^(image|picture|photo|img|graphic|hero|banner|screenshot|untitled)( \d+)?$/i;

export interface LintOptions {
  /** How many earlier issues to search for a repeated pick. */
  recentIssues?: number;
  /** Size in bytes of a file next to an entry, if it exists. */
  fileSize?: (file: string, path: string) => number | undefined;
}

export function lintContent(content: RawContent, { recentIssues = 52, fileSize }: LintOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const add = (entry: RawEntry, needle: string, severity: Severity, message: string) =>
    findings.push({ file: entry.file, line: lineOf(entry.source, needle), severity, message });
  /** A finding about one field of a pick, at that field's line. */
  const addPick = (entry: RawEntry, index: number, field: string, severity: Severity, message: string) =>
    findings.push({ file: entry.file, line: fieldLine(entry.source, ['picks', index, field]) ?? 1, severity, message: `${fieldLabel(['picks', index, field])} ${message}` });

  // Tags: variants of one tag.
  const tagsByKey = new Map<string, { tag: string; entry: RawEntry }>();
  for (const entry of content.tips) {
    const data = (entry.data ?? {}) as Data;
    for (const tag of Array.isArray(data['tags']) ? (data['tags'] as unknown[]).filter((t): t is string => typeof t === 'string') : []) {
      const key = tagKey(tag);
      const seen = tagsByKey.get(key);
      if (seen && seen.tag !== tag) add(entry, tag, 'warning', `tag "${tag}" looks like the existing tag "${seen.tag}" (${seen.entry.file}): use one spelling so readers find both tips`);
      else if (!seen) tagsByKey.set(key, { tag, entry });
    }
    const takeaway = data['takeaway'];
    if (typeof takeaway === 'string' && sentences(takeaway) > 1) add(entry, 'takeaway:', 'warning', 'takeaway is more than one sentence: keep the one line a reader should remember');
    const title = data['title'];
    if (typeof title === 'string' && title.length > 60) add(entry, 'title:', 'warning', `title is ${title.length} characters: inboxes cut subjects around 60, so "Tip of the Week #N: ${title}" will be truncated; shorten it or set the issue's subject`);
    const alt = data['heroAlt'];
    const hero = data['hero'];
    if (typeof alt === 'string' && (MEANINGLESS_ALT.test(alt.trim()) || (typeof hero === 'string' && alt.trim() === hero.split('/').pop()) || /\.(jpe?g|png|webp|gif|avif|svg)$/i.test(alt.trim()))) {
      add(entry, 'heroAlt:', 'error', `heroAlt "${alt}" does not describe the image: say what it shows, for readers who cannot see it`);
    }
    if (typeof hero === 'string' && fileSize) {
      const size = fileSize(entry.file, hero);
      if (size !== undefined && size > 2 * 1024 * 1024) add(entry, 'hero:', 'warning', `hero image is ${(size / 1024 / 1024).toFixed(1)} MB: export it at most 2400px wide so builds stay fast (the email and page get resized copies)`);
    }
  }

  // Issues: picks, numbering, weeks.
  const issues = content.issues
    .map((entry) => ({ entry, data: (entry.data ?? {}) as Data }))
    .filter(({ data }) => typeof data['number'] === 'number')
    .sort((a, b) => (a.data['number'] as number) - (b.data['number'] as number));
  const pickHistory = new Map<string, { number: number; file: string }[]>();
  for (const { entry, data } of issues) {
    const number = data['number'] as number;
    const picks = (Array.isArray(data['picks']) ? data['picks'] : []) as RawPick[];
    picks.forEach((pick, i) => {
      if (typeof pick.url === 'string') {
        const cleaned = withoutTracking(pick.url);
        if (cleaned) addPick(entry, i, 'url', 'warning', `has tracking parameters: use ${cleaned}`);
        let key: string | undefined;
        try {
          key = normalizeUrl(cleaned ?? pick.url);
        } catch {
          key = undefined;
        }
        if (key) {
          const earlier = (pickHistory.get(key) ?? []).filter((h) => h.number < number && h.number >= number - recentIssues);
          if (earlier.length) addPick(entry, i, 'url', 'warning', `was already picked in issue #${earlier.at(-1)!.number} (${earlier.at(-1)!.file}): pick something new, or say why it is back`);
          pickHistory.set(key, [...(pickHistory.get(key) ?? []), { number, file: entry.file }]);
        }
      }
      for (const field of ['summary', 'comment'] as const) {
        const text = pick[field];
        if (typeof text !== 'string') continue;
        const min = field === 'summary' ? 15 : 12;
        if (words(text) < min) addPick(entry, i, field, 'warning', `is ${words(text)} words: readers decide from it, give them at least ${min}`);
        if (words(text) > 120) addPick(entry, i, field, 'warning', `is ${words(text)} words: keep it under 120, the article is one click away`);
        for (const quote of text.match(/["“][^"”]{0,2000}["”]/g) ?? []) {
          if (words(quote) > 25) addPick(entry, i, field, 'warning', `quotes ${words(quote)} words from elsewhere: quote at most a short phrase and say the rest in your own words`);
        }
      }
    });
  }
  for (let i = 1; i < issues.length; i++) {
    const prev = issues[i - 1]!;
    const cur = issues[i]!;
    const gap = (cur.data['number'] as number) - (prev.data['number'] as number);
    const prevDate = new Date(String(prev.data['date']));
    const curDate = new Date(String(cur.data['date']));
    if (!Number.isNaN(prevDate.getTime()) && !Number.isNaN(curDate.getTime()) && curDate <= prevDate) {
      add(cur.entry, 'date:', 'error', `issue #${cur.data['number']} is dated on or before #${prev.data['number']} (${prev.entry.file}): numbers and dates must go up together`);
    }
    if (gap > 1 && !/gap|skip|break|holiday|pause/i.test(cur.entry.body ?? '')) {
      add(cur.entry, 'number:', 'warning', `issue numbers jump from #${prev.data['number']} to #${cur.data['number']}: fix the number, or add an editor's note that explains the break`);
    }
    if (!Number.isNaN(prevDate.getTime()) && !Number.isNaN(curDate.getTime())) {
      const weeks = Math.round((curDate.getTime() - prevDate.getTime()) / (7 * 86_400_000));
      if (weeks > 1 && gap === 1 && !/gap|skip|break|holiday|pause/i.test(cur.entry.body ?? '')) {
        add(cur.entry, 'date:', 'warning', `issue #${cur.data['number']} comes ${weeks} weeks after #${prev.data['number']} (${isoWeekKey(prevDate)} → ${isoWeekKey(curDate)}): add an editor's note about the break, or check the date`);
      }
    }
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
