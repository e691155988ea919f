/**
 * The editor's lint: what a careful colleague would point out beyond what the schema
 * refuses. One rule per function; pure: works on raw entries (with their source text for
 * line numbers) and returns the same problems as the validator, mostly warnings.
 */
import { isoWeekKey } from '../lib/dates.ts';
import { isMeaninglessAlt } from './alt-text.ts';
import { normalizeUrl } from '../lib/urls.ts';
import { fieldLine, lineOf, type FieldPath } from './locate.ts';
import type { ContentProblem, Severity } from './problems.ts';
import type { RawContent, RawEntry } from './raw.ts';

type Data = Record<string, unknown>;
/** A pick as written, before validation. */
type RawPick = { title?: string; url?: string; summary?: string; comment?: string };

/** Query parameters that only track clicks. */
export const TRACKING_PARAMS = [/^utm_/i, /^fbclid$/i, /^gclid$/i, /^dclid$/i, /^msclkid$/i, /^mc_cid$/i, /^mc_eid$/i, /^_hsenc$/i, /^_hsmi$/i, /^mkt_tok$/i, /^igshid$/i, /^ref_src$/i, /^yclid$/i];

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z"“])/).filter((s) => s.trim()).length;
const dataOf = (entry: RawEntry) => (entry.data ?? {}) as Data;

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

export interface LintOptions {
  /** How many earlier issues to search for a repeated pick. */
  recentIssues?: number;
  /** Size in bytes of a file next to an entry, if it exists. */
  fileSize?: (file: string, path: string) => number | undefined;
}

/** A problem at a field's line (or the nearest enclosing field's). */
const atField = (entry: RawEntry, path: FieldPath, severity: Severity, message: string): ContentProblem => ({
  file: entry.file,
  field: path.join('.'),
  line: fieldLine(entry.source, path) ?? 1,
  severity,
  message,
});

/** A problem about the entry at the first line containing `needle`. */
const atText = (entry: RawEntry, needle: string, severity: Severity, message: string): ContentProblem => ({
  file: entry.file,
  field: '',
  line: lineOf(entry.source, needle),
  severity,
  message,
});

export function lintContent(content: RawContent, { recentIssues = 52, fileSize }: LintOptions = {}): ContentProblem[] {
  const issues = numberedIssues(content.issues);
  return [
    ...tagVariantProblems(content.tips),
    ...content.tips.flatMap((tip) => [...tipTextProblems(tip), ...heroProblems(tip, fileSize)]),
    ...[...content.tips, ...content.issues, ...content.authors].flatMap(curlyQuotedValues),
    ...pickUrlProblems(issues, recentIssues),
    ...issues.flatMap(({ entry }) => pickTextProblems(entry)),
    ...sequenceProblems(issues),
  ].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Tags that differ only by case, spacing or a plural. The spelling most tips use (the earliest
 * on a tie) is the established one; each tip that uses another spelling is told, at its own tag,
 * so the warning points at the file that brought the new spelling in.
 */
function tagVariantProblems(tips: RawEntry[]): ContentProblem[] {
  const uses = tips.flatMap((entry) => {
    const tags = dataOf(entry)['tags'];
    const date = String(dataOf(entry)['date'] instanceof Date ? (dataOf(entry)['date'] as Date).toISOString() : (dataOf(entry)['date'] ?? '~'));
    return (Array.isArray(tags) ? tags : []).flatMap((tag: unknown, index) => (typeof tag === 'string' ? [{ entry, tag, index, date, key: tagKey(tag) }] : []));
  });
  const groups = new Map<string, typeof uses>();
  for (const use of uses) {
    const group = groups.get(use.key);
    if (group) group.push(use);
    else groups.set(use.key, [use]);
  }
  const problems: ContentProblem[] = [];
  for (const group of groups.values()) {
    const spellings = [...new Set(group.map((u) => u.tag))];
    if (spellings.length < 2) continue;
    const first = (tag: string) => group.filter((u) => u.tag === tag).map((u) => `${u.date} ${u.entry.file}`).sort()[0]!;
    const count = (tag: string) => group.filter((u) => u.tag === tag).length;
    const established = spellings.sort((a, b) => count(b) - count(a) || first(a).localeCompare(first(b)))[0]!;
    const files = [...new Set(group.filter((u) => u.tag === established).map((u) => u.entry.file))];
    const where = files.length > 1 ? `${files[0]} and ${files.length - 1} more` : files[0];
    for (const use of group.filter((u) => u.tag !== established)) {
      problems.push(atField(use.entry, ['tags', use.index], 'warning', `"${use.tag}" looks like the existing tag "${established}" (${where}): use one spelling so readers find every tip on it`));
    }
  }
  return problems;
}

/** The takeaway is one sentence and said once; the title fits a subject line. */
function tipTextProblems(entry: RawEntry): ContentProblem[] {
  const data = dataOf(entry);
  const problems: ContentProblem[] = [];
  const takeaway = data['takeaway'];
  if (typeof takeaway === 'string' && sentences(takeaway) > 1) problems.push(atField(entry, ['takeaway'], 'warning', 'is more than one sentence: keep the one line a reader should remember'));
  if (typeof takeaway === 'string') {
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    const repeated = [...(entry.body ?? '').matchAll(/<Takeaway\b[^>]*>([\s\S]*?)<\/Takeaway>/g)].find((m) => flat(m[1]!) === flat(takeaway));
    if (repeated) {
      problems.push(atText(entry, repeated[0], 'warning', 'the <Takeaway> in the body repeats the takeaway field word for word, and the page and the email already show that line in a box at the top: say something new in it (how to practise the lesson, say), or remove it'));
    }
  }
  const title = data['title'];
  if (typeof title === 'string' && title.length > 60) problems.push(atField(entry, ['title'], 'warning', `is ${title.length} characters: inboxes cut subjects around 60, so "Tip of the Week #N: ${title}" will be truncated; shorten it or set the issue's subject`));
  return problems;
}

function heroProblems(entry: RawEntry, fileSize: LintOptions['fileSize']): ContentProblem[] {
  const data = dataOf(entry);
  const problems: ContentProblem[] = [];
  const alt = data['heroAlt'];
  const hero = data['hero'];
  if (typeof alt === 'string' && isMeaninglessAlt(alt, typeof hero === 'string' ? hero : undefined)) {
    problems.push(atField(entry, ['heroAlt'], 'error', `"${alt}" does not describe the image: say what it shows, for readers who cannot see it`));
  }
  const size = typeof hero === 'string' && fileSize ? fileSize(entry.file, hero) : undefined;
  if (size !== undefined && size > 2 * 1024 * 1024) {
    problems.push(atField(entry, ['hero'], 'warning', `image is ${(size / 1024 / 1024).toFixed(1)} MB: export it at most 2400px wide so builds stay fast (the email and page get resized copies)`));
  }
  return problems;
}

/**
 * A text value wrapped in curly quotes: YAML reads “…” as ordinary characters, so they would be
 * published as part of the title or summary. (With a colon inside, YAML refuses the line; the
 * parser explains that case.)
 */
function curlyQuotedValues(entry: RawEntry): ContentProblem[] {
  const found: ContentProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string' && /^\s*[“‘„«][\s\S]*[”’“»]\s*$/.test(value)) {
      found.push(atField(entry, path, 'warning', `is wrapped in curly quotes (${value.trim()}), which YAML keeps as part of the text, so readers would see them: remove them, or type straight quotes ("…") if you meant to quote the value`));
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
    else if (value !== null && typeof value === 'object' && !(value instanceof Date)) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(entry.data, []);
  return found;
}

interface NumberedIssue {
  entry: RawEntry;
  data: Data;
  number: number;
}

const numberedIssues = (issues: RawEntry[]): NumberedIssue[] =>
  issues
    .map((entry) => ({ entry, data: dataOf(entry), number: dataOf(entry)['number'] as number }))
    .filter(({ number }) => typeof number === 'number')
    .sort((a, b) => a.number - b.number);

const picksOf = (entry: RawEntry) => (Array.isArray(dataOf(entry)['picks']) ? dataOf(entry)['picks'] : []) as RawPick[];

/** Tracking parameters in a pick's URL, and an article already picked in a recent issue. */
function pickUrlProblems(issues: NumberedIssue[], recentIssues: number): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const pickHistory = new Map<string, { number: number; file: string }[]>();
  for (const { entry, number } of issues) {
    picksOf(entry).forEach((pick, i) => {
      if (typeof pick.url !== 'string') return;
      const cleaned = withoutTracking(pick.url);
      if (cleaned) problems.push(atField(entry, ['picks', i, 'url'], 'warning', `has tracking parameters: use ${cleaned}`));
      let key: string;
      try {
        key = normalizeUrl(cleaned ?? pick.url);
      } catch {
        return;
      }
      const earlier = (pickHistory.get(key) ?? []).filter((h) => h.number < number && h.number >= number - recentIssues).at(-1);
      if (earlier) problems.push(atField(entry, ['picks', i, 'url'], 'warning', `was already picked in issue #${earlier.number} (${earlier.file}): pick something new, or say why it is back`));
      pickHistory.set(key, [...(pickHistory.get(key) ?? []), { number, file: entry.file }]);
    });
  }
  return problems;
}

/** Summaries and comments long enough to decide on, short enough to skim, and in our own words. */
function pickTextProblems(entry: RawEntry): ContentProblem[] {
  return picksOf(entry).flatMap((pick, i) =>
    (['summary', 'comment'] as const).flatMap((field) => {
      const text = pick[field];
      if (typeof text !== 'string') return [];
      const at = (message: string) => atField(entry, ['picks', i, field], 'warning', message);
      const min = field === 'summary' ? 15 : 12;
      const found: ContentProblem[] = [];
      if (words(text) < min) found.push(at(`is ${words(text)} words: readers decide from it, give them at least ${min}`));
      if (words(text) > 120) found.push(at(`is ${words(text)} words: keep it under 120, the article is one click away`));
      for (const quote of text.match(/["“][^"”]{0,2000}["”]/g) ?? []) {
        if (words(quote) > 25) found.push(at(`quotes ${words(quote)} words from elsewhere: quote at most a short phrase and say the rest in your own words`));
      }
      return found;
    }),
  );
}

const explainsBreak = (entry: RawEntry) => /gap|skip|break|holiday|pause/i.test(entry.body ?? '');

/** Numbers and dates go up together, one week at a time unless the editor's note explains a break. */
function sequenceProblems(issues: NumberedIssue[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  for (let i = 1; i < issues.length; i++) {
    const prev = issues[i - 1]!;
    const cur = issues[i]!;
    const gap = cur.number - prev.number;
    const prevDate = new Date(String(prev.data['date']));
    const curDate = new Date(String(cur.data['date']));
    const dated = !Number.isNaN(prevDate.getTime()) && !Number.isNaN(curDate.getTime());
    if (dated && curDate <= prevDate) {
      problems.push(atText(cur.entry, 'date:', 'error', `issue #${cur.number} is dated on or before #${prev.number} (${prev.entry.file}): numbers and dates must go up together`));
    }
    if (gap > 1 && !explainsBreak(cur.entry)) {
      problems.push(atText(cur.entry, 'number:', 'warning', `issue numbers jump from #${prev.number} to #${cur.number}: fix the number, or add an editor's note that explains the break`));
    }
    const weeks = dated ? Math.round((curDate.getTime() - prevDate.getTime()) / (7 * 86_400_000)) : 0;
    if (weeks > 1 && gap === 1 && !explainsBreak(cur.entry)) {
      problems.push(atText(cur.entry, 'date:', 'warning', `issue #${cur.number} comes ${weeks} weeks after #${prev.number} (${isoWeekKey(prevDate)} → ${isoWeekKey(curDate)}): add an editor's note about the break, or check the date`));
    }
  }
  return problems;
}
