/** `--wait 15m`: how long `send --when-live` keeps checking for the page. Pure. */
import { UsageError } from '../cli/errors.ts';

const UNITS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
/** Longer than a working day is a mistake: a run that waits that long overlaps the next one. */
const LONGEST_MS = 12 * 3_600_000;

/** "90s", "15m", "1h" (or plain seconds, "600") as milliseconds; a usage error otherwise. */
export function parseWait(text: string): number {
  const match = /^(\d+)\s*([smh]?)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNITS[(match[2] || 's') as keyof typeof UNITS] : NaN;
  if (!(ms >= 1000 && ms <= LONGEST_MS)) throw new UsageError(`--wait must be a time from 1s to 12h such as 90s, 15m or 1h (got "${text}")`);
  return ms;
}

/** How often to check while waiting: about 30 times over the wait, between every second and every 30 seconds. */
export function pollInterval(waitMs: number): number {
  return Math.min(30_000, Math.max(1000, Math.round(waitMs / 30)));
}

/** "15m", "90s", "1h 30m": a wait as people write it. */
export function waitText(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return [h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).join(' ') || '0s';
}
