import { describe, expect, it } from 'vitest';
import { median, roundLine, roundRatio, roundsTable, type SendRound } from './rounds.ts';

const round = (rate: number, extra: Partial<SendRound> = {}): SendRound => ({ sent: 10000, rate, duplicates: 0, wallSeconds: 17.25, rssMiB: [301], ...extra });

describe('send benchmark rounds', () => {
  it('compares a sender round with the mean of the bare runs either side of it', () => {
    expect(roundRatio(630, 600, 800)).toBe(0.9);
    expect(roundRatio(700, 700, 700)).toBe(1);
  });

  it('takes the median, so one disturbed round does not move the result', () => {
    expect(median([0.92, 0.61, 0.9])).toBe(0.9);
    expect(median([0.8, 1.0, 0.9, 0.7])).toBeCloseTo(0.85);
    expect(median([0.88])).toBe(0.88);
    expect(median([])).toBeUndefined();
  });

  it('prints each round against its neighbouring bare runs, and the table row with the median ratio', () => {
    // bare 700, send 630, bare 700, send 400 (disturbed), bare 900, send 720, bare 700
    const rounds = [round(630), round(400, { rssMiB: [310] }), round(720, { wallSeconds: 16 })];
    const bare = [700, 700, 900, 700];
    expect(roundLine(rounds[1]!, 1, 3, bare)).toBe('Round 2 of 3: sender(s) 400 messages/s (10000 accepted, 0 duplicates, 17.3 s with start-up, peak RSS 310 MiB); bare pool 700 before, 900 after: ratio 0.50x\n');
    expect(roundLine(rounds[0]!, 0, 3, bare.slice(0, 1))).toBe('Round 1 of 3: sender(s) 630 messages/s (10000 accepted, 0 duplicates, 17.3 s with start-up, peak RSS 301 MiB)\n');
    expect(roundLine(round(630, { cpuSeconds: 14.5 }), 0, 3, [])).toBe('Round 1 of 3: sender(s) 630 messages/s (10000 accepted, 0 duplicates, 17.3 s with start-up, peak RSS 301 MiB, CPU 1.45 ms a message)\n');
    expect(roundsTable({ database: 'sqlite', subscribers: 10000, senders: 1 }, rounds, bare).split('\n')[2]).toBe(
      '| sqlite | 10000 | 1 | 10000 | 0 | 17.3 s | 630 | 700 | 0.90x, median of 3 rounds | 310 MiB |',
    );
  });

  it('sums duplicates and shows differing counts; without bare runs there is no ratio', () => {
    const rounds = [round(600, { duplicates: 1, rssMiB: [300, 320] }), round(610, { sent: 9999, rssMiB: [305, 302] })];
    expect(roundsTable({ database: 'postgres', subscribers: 10000, senders: 2 }, rounds, []).split('\n')[2]).toBe('| postgres | 10000 | 2 | 10000 / 9999 | 1 | 17.3 s | 605 | – | – | 320 MiB |');
  });
});
