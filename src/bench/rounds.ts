/**
 * The arithmetic and the report of `npm run bench:send`'s rounds. Runs alternate bare pool,
 * sender, bare pool, sender, …, bare pool: each sender round is divided by the mean of the bare
 * runs just before and after it, so the machine drifting faster or slower during the benchmark
 * cancels out within a round, and the median of the rounds' ratios leaves out a round that
 * other work on the machine happened to hit. Pure: send-bench.ts measures, this compares.
 */

/** What one sender round did, seen from the sink. */
export interface SendRound {
  sent: number;
  /** Messages per second at the sink, first message to last. */
  rate: number;
  duplicates: number;
  wallSeconds: number;
  /** Each sender process's peak RSS. */
  rssMiB: number[];
  /** The senders' CPU time (user and system, start-up included), summed. */
  cpuSeconds?: number | undefined;
}

/** CPU milliseconds a message, e.g. "1.23 ms". */
export const cpuPerMessage = (cpuSeconds: number, messages: number) => `${((cpuSeconds * 1000) / Math.max(1, messages)).toFixed(2)} ms`;

/** One sender round's throughput over the bare pool's around it (both messages/s). */
export function roundRatio(sender: number, bareBefore: number, bareAfter: number): number {
  return sender / ((bareBefore + bareAfter) / 2);
}

/** The middle value (the mean of the two middle ones for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Round `index`'s ratio (0-based) to the bare runs just before and after it, once both are in. */
export function ratioOf(round: SendRound, index: number, bareRuns: readonly number[]): number | undefined {
  const before = bareRuns[index];
  const after = bareRuns[index + 1];
  return before === undefined || after === undefined ? undefined : roundRatio(round.rate, before, after);
}

/** Round `index` (0-based) of `total`, with the bare runs so far (none with --no-bare). */
export function roundLine(round: SendRound, index: number, total: number, bareRuns: readonly number[]): string {
  const ratio = ratioOf(round, index, bareRuns);
  return (
    `Round ${index + 1} of ${total}: sender(s) ${round.rate.toFixed(0)} messages/s (${round.sent} accepted, ${round.duplicates} duplicates, ` +
    `${round.wallSeconds.toFixed(1)} s with start-up, peak RSS ${round.rssMiB.map((r) => `${r.toFixed(0)} MiB`).join(', ')}` +
    (round.cpuSeconds === undefined ? ')' : `, CPU ${cpuPerMessage(round.cpuSeconds, round.sent)} a message)`) +
    (ratio === undefined ? '\n' : `; bare pool ${bareRuns[index]!.toFixed(0)} before, ${bareRuns[index + 1]!.toFixed(0)} after: ratio ${ratio.toFixed(2)}x\n`)
  );
}

/** The table row for docs/benchmarks.md: medians over the rounds, duplicates summed, the largest peak RSS. */
export function roundsTable(setup: { database: string; subscribers: number; senders: number }, rounds: readonly SendRound[], bareRuns: readonly number[]): string {
  const fixed = (n: number | undefined, digits = 0) => (n === undefined ? '–' : n.toFixed(digits));
  const ratios = rounds.flatMap((round, i) => ratioOf(round, i, bareRuns) ?? []);
  const ratio = median(ratios);
  const cells = [
    setup.database,
    setup.subscribers,
    setup.senders,
    [...new Set(rounds.map((r) => r.sent))].join(' / '),
    rounds.reduce((sum, r) => sum + r.duplicates, 0),
    `${fixed(median(rounds.map((r) => r.wallSeconds)), 1)} s`,
    fixed(median(rounds.map((r) => r.rate))),
    fixed(median(bareRuns)),
    ratio === undefined ? '–' : `${ratio.toFixed(2)}x, median of ${ratios.length} round${ratios.length === 1 ? '' : 's'}`,
    `${Math.max(...rounds.flatMap((r) => r.rssMiB)).toFixed(0)} MiB`,
  ];
  return (
    '| database | subscribers | senders | accepted by SMTP per round | duplicates (all rounds) | wall time (incl. start-up, median round) | messages/s (at the sink, median round) | bare nodemailer pool (median run) | ratio | largest sender peak RSS |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' +
    `| ${cells.join(' | ')} |\n`
  );
}
