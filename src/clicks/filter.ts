/**
 * Which clicks on counting links a person made, and which a machine: the rules, each with its source in
 * docs/clicks.md. Pure: time comes in with each hit, and nothing here knows who anyone is. A "visitor" is an
 * opaque per-day salted hash made by the caller (redirect.ts) and held only in memory.
 *
 * Clicks wait `holdMs` before they are judged, because a burst or a decoy hit is only seen once it has
 * happened: a scanner opening every link of an issue within seconds has all of that burst's clicks dropped.
 */
import { DECOY_PICK } from './links.ts';

/** Request facts the rules read. */
export interface RequestSignals {
  method: string;
  userAgent: string | undefined;
  /** Lowercased header names to values: only the prefetch ones are read. */
  headers: Record<string, string | string[] | undefined>;
}

/** Rule 3: user agents of link scanners, previewers and HTTP libraries (docs/clicks.md lists the sources). */
export const SCANNER_AGENTS =
  /proofpoint|mimecast|barracuda|safe ?links|bingpreview|symantec|forcepoint|sophos|trend ?micro|ironport|cisco|fireeye|fortinet|zscaler|checkpoint|avanan|abnormal|paloalto|google-safety|googlebot|yahoomailproxy|bot\b|bot\/|crawler|spider|scanner|preview|headless|phantomjs|python|curl\/|wget|go-http-client|java\/|okhttp|libwww|httpclient|axios|node-fetch|undici|facebookexternalhit|slackbot|twitterbot|whatsapp|telegrambot|discordbot/i;

/** Rules 1–3: the request alone says it is automated (or a prefetch no person asked for). */
export function automatedRequest({ method, userAgent, headers }: RequestSignals): boolean {
  if (method !== 'GET') return true; // rule 1: HEAD and other methods
  const header = (name: string) => String(headers[name] ?? '').toLowerCase();
  if (header('sec-purpose').includes('prefetch') || header('purpose') === 'prefetch' || header('x-moz') === 'prefetch' || header('x-purpose') === 'preview') return true; // rule 2
  return !userAgent || userAgent.trim().length < 8 || SCANNER_AGENTS.test(userAgent); // rule 3
}

export interface Hit {
  issue: number;
  /** 1-based pick, or DECOY_PICK. */
  pick: number;
  visitor: string;
  /** ms since the epoch. */
  at: number;
  /** Rules 1–3 matched. */
  automated: boolean;
}

/** What the counter adds for one issue, pick and day. */
export interface Tally {
  issue: number;
  pick: number;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  clicks: number;
  automated: number;
}

export interface FilterOptions {
  /** How many picks an issue has (for the burst rule). */
  picksOf: (issue: number) => number;
  /** Rule 4: distinct picks of one issue opened by one visitor within this many ms make a burst. */
  burstMs?: number;
  /** How long a click waits before it is judged (at least burstMs). */
  holdMs?: number;
  /** Told each verdict (the replay test measures the rules with it). */
  onJudged?: (hit: Hit, automated: boolean) => void;
}

export const CLICK_FILTER_DEFAULTS = { burstMs: 5_000, holdMs: 30_000 } as const;

/**
 * Rule 4's threshold: two thirds of the issue's picks, at least 3 (or every pick of a shorter issue). Scanners
 * open every link; a reader opening three picks in new tabs within a second or two must not look like one.
 */
export const burstThreshold = (picks: number) => Math.min(Math.max(picks, 1), Math.max(3, Math.ceil((picks * 2) / 3)));

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class ClickFilter {
  readonly #options: Required<Omit<FilterOptions, 'onJudged'>> & Pick<FilterOptions, 'onJudged'>;
  /** Hits not judged yet, oldest first. */
  #pending: Hit[] = [];
  /** Every hit of the last 2 × holdMs, by visitor, for the burst and decoy rules. */
  #recent = new Map<string, Hit[]>();
  /** visitor|issue|pick of the day: a repeat is not a new click. */
  #seen = new Set<string>();
  #day = '';

  constructor(options: FilterOptions) {
    this.#options = { ...CLICK_FILTER_DEFAULTS, ...options };
  }

  /** Records a hit to judge later; a repeat of the same visitor, issue and pick within the day is ignored. */
  observe(hit: Hit): void {
    const day = dayOf(hit.at);
    if (day !== this.#day) {
      this.#seen.clear();
      this.#day = day;
    }
    const key = `${hit.visitor}|${hit.issue}|${hit.pick}`;
    const list = this.#recent.get(hit.visitor) ?? [];
    list.push(hit);
    this.#recent.set(hit.visitor, list);
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#pending.push(hit);
  }

  /** Judges every hit older than holdMs (all of them with `everything`) and returns what to add to the counts. */
  flush(now: number, everything = false): Tally[] {
    const { holdMs } = this.#options;
    const due = everything ? this.#pending : this.#pending.filter((h) => h.at <= now - holdMs);
    this.#pending = everything ? [] : this.#pending.filter((h) => h.at > now - holdMs);
    const tallies = new Map<string, Tally>();
    for (const hit of due) {
      const automated = hit.automated || hit.pick === DECOY_PICK || this.#decoyNear(hit) || this.#burst(hit);
      this.#options.onJudged?.(hit, automated);
      const key = `${hit.issue}|${hit.pick}|${dayOf(hit.at)}`;
      const tally = tallies.get(key) ?? { issue: hit.issue, pick: hit.pick, day: dayOf(hit.at), clicks: 0, automated: 0 };
      if (automated) tally.automated++;
      else tally.clicks++;
      tallies.set(key, tally);
    }
    this.#prune(now);
    return [...tallies.values()];
  }

  /** Rule 5: the visitor opened the issue's decoy within holdMs of this hit. */
  #decoyNear(hit: Hit): boolean {
    return (this.#recent.get(hit.visitor) ?? []).some((h) => h.issue === hit.issue && h.pick === DECOY_PICK && Math.abs(h.at - hit.at) <= this.#options.holdMs);
  }

  /** Rule 4: the visitor opened enough distinct picks of the issue within burstMs around this hit. */
  #burst(hit: Hit): boolean {
    const { burstMs, picksOf } = this.#options;
    const near = (this.#recent.get(hit.visitor) ?? []).filter((h) => h.issue === hit.issue && h.pick !== DECOY_PICK && Math.abs(h.at - hit.at) <= burstMs);
    return new Set(near.map((h) => h.pick)).size >= burstThreshold(picksOf(hit.issue));
  }

  #prune(now: number): void {
    const horizon = now - 2 * this.#options.holdMs;
    for (const [visitor, hits] of this.#recent) {
      const kept = hits.filter((h) => h.at > horizon);
      if (kept.length) this.#recent.set(visitor, kept);
      else this.#recent.delete(visitor);
    }
  }
}
