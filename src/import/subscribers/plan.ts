/**
 * Turns what the rows say into what the store does: an address unsubscribed or cleaned in
 * any file is suppressed and never added as a subscriber, even when another file lists it
 * as subscribed; an address listed twice is taken once. Pure.
 */
import type { ImportedSubscriber, ImportedSuppression } from '../../subscribers/store.ts';
import type { ListProblem, SourceResult } from './entries.ts';

export interface ListPlan {
  subscribers: ImportedSubscriber[];
  suppressions: ImportedSuppression[];
  /** Rows that could not be used: a person should look at them. */
  problems: ListProblem[];
  /** Rows left out on purpose (never confirmed, suppressed elsewhere, listed twice). */
  leftOut: ListProblem[];
}

const where = (at: { file: string; line?: number | undefined }) => (at.line === undefined ? at.file : `${at.file}, line ${at.line}`);

export function planListImport({ entries, problems }: SourceResult): ListPlan {
  const suppressed = new Map<string, { file: string; line: number; why: string }>();
  const suppressions: ImportedSuppression[] = [];
  const leftOut: ListProblem[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'suppress') continue;
    if (suppressed.has(entry.email)) continue;
    suppressed.set(entry.email, entry);
    suppressions.push({ email: entry.email, reason: entry.reason });
  }
  const subscribed = new Map<string, { file: string; line: number }>();
  const subscribers: ImportedSubscriber[] = [];
  for (const entry of entries) {
    if (entry.kind === 'leave-out') leftOut.push({ file: entry.file, line: entry.line, message: entry.message });
    if (entry.kind !== 'subscribe') continue;
    const { email } = entry.subscriber;
    const stop = suppressed.get(email);
    const earlier = subscribed.get(email);
    if (stop) {
      leftOut.push({ file: entry.file, line: entry.line, message: `${email} ${stop.why} (${where(stop)}): suppressed, not added as a subscriber` });
    } else if (earlier) {
      leftOut.push({ file: entry.file, line: entry.line, message: `${email} appears earlier (${where(earlier)}): kept the first` });
    } else {
      subscribed.set(email, entry);
      subscribers.push(entry.subscriber);
    }
  }
  const byPlace = (a: ListProblem, b: ListProblem) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0);
  return { subscribers, suppressions, problems: [...problems].sort(byPlace), leftOut: leftOut.sort(byPlace) };
}
