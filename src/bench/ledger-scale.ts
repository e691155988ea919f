/**
 * The ledger at scale, without SMTP: plans an issue for N subscribers, times one claim at the
 * start, then walks the whole ledger in claimed batches (marking each sent) the way senders
 * do, reporting the process's peak memory (flat: nothing holds more than a batch) and the
 * claim time at the end, when most rows are sent.
 */
import { openDatabase } from '../db/open.ts';
import { createLedger } from '../sending/ledger.db.ts';
import { seedSubscribers } from './seed.ts';

export async function ledgerScale(database: string, rows: number, out: (line: string) => void): Promise<void> {
  const db = await openDatabase(database);
  try {
    const ledger = createLedger(db);
    let t = performance.now();
    await seedSubscribers(db, rows);
    out(`seeded ${rows} subscribers in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    t = performance.now();
    await ledger.plan(1, new Date());
    out(`planned the issue (${rows} ledger rows) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
    const lease = () => new Date(Date.now() + 60_000);
    const claimTimes: number[] = [];
    let handled = 0;
    for (;;) {
      const c = performance.now();
      const batch = await ledger.claimBatch(1, 'bench', 100, lease(), new Date());
      claimTimes.push(performance.now() - c);
      if (batch.length === 0) break;
      // One statement per batch: this measures the claim path, not per-message bookkeeping. Like
      // markSent it ends the lease, and it finds the batch through the claims index (leased rows only).
      await db.run(`UPDATE deliveries SET status = 'sent', lease_until = NULL WHERE issue = 1 AND claimed_by = ? AND lease_until IS NOT NULL AND status = 'queued'`, ['bench']);
      handled += batch.length;
    }
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const sorted = [...claimTimes].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);
    out(
      `walked ${handled} rows in ${claimTimes.length} claims of 100: first claim ${claimTimes[0]!.toFixed(2)} ms, median ${pct(0.5)} ms, p99 ${pct(0.99)} ms, last (empty) ${claimTimes.at(-1)!.toFixed(2)} ms\n` +
        `process RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before the walk, peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB during it\n`,
    );
  } finally {
    await db.close();
  }
}
