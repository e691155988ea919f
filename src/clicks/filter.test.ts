import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReplayRequest } from '../testing/click-replay.ts';
import { automatedRequest, burstThreshold, ClickFilter, type Hit } from './filter.ts';

const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const get = (userAgent: string | undefined, headers: Record<string, string> = {}) => automatedRequest({ method: 'GET', userAgent, headers });

describe('request rules', () => {
  it('takes HEAD, prefetches, scanner agents and missing agents as automated, and a browser GET as a person', () => {
    expect(get(chrome)).toBe(false);
    expect(automatedRequest({ method: 'HEAD', userAgent: chrome, headers: {} })).toBe(true);
    expect([get(chrome, { 'sec-purpose': 'prefetch;prerender' }), get(chrome, { purpose: 'prefetch' }), get(chrome, { 'x-moz': 'prefetch' }), get(chrome, { 'x-purpose': 'preview' })]).toEqual([true, true, true, true]);
    for (const agent of ['Mozilla/5.0 (compatible; Proofpoint URL Defense)', 'Mimecast URL Protect/1.0', 'Barracuda Link Protection', 'python-requests/2.32', 'curl/8.5.0', '', undefined]) expect(get(agent), String(agent)).toBe(true);
  });

  it('needs two thirds of the picks, at least three, for a burst', () => {
    expect([3, 4, 6, 10].map(burstThreshold)).toEqual([3, 3, 4, 7]);
    expect(burstThreshold(2)).toBe(2);
  });
});

describe('ClickFilter', () => {
  const hit = (visitor: string, pick: number, at: number, automated = false): Hit => ({ issue: 7, pick, visitor, at, automated });
  const run = (hits: Hit[]) => {
    const filter = new ClickFilter({ picksOf: () => 6 });
    for (const h of hits) filter.observe(h);
    return filter.flush(Number.MAX_SAFE_INTEGER, true).sort((a, b) => a.pick - b.pick);
  };

  it('counts people, drops a burst and everything its decoy clicker opened, and counts a repeat once', () => {
    const tallies = run([
      hit('person-a', 1, 1_000), hit('person-a', 1, 9_000), hit('person-a', 2, 60_000),
      hit('person-b', 2, 5_000),
      ...[1, 2, 3, 4].map((p, i) => hit('burst', p, 100_000 + i * 200)),
      hit('decoy', 0, 200_000), hit('decoy', 4, 200_400),
    ]);
    expect(tallies.map(({ pick, clicks, automated }) => ({ pick, clicks, automated }))).toEqual([
      { pick: 0, clicks: 0, automated: 1 },
      { pick: 1, clicks: 1, automated: 1 },
      { pick: 2, clicks: 2, automated: 1 },
      { pick: 3, clicks: 0, automated: 1 },
      { pick: 4, clicks: 0, automated: 2 },
    ]);
  });

  it('waits holdMs before judging, so a burst that is still arriving is seen whole', () => {
    const filter = new ClickFilter({ picksOf: () => 6, holdMs: 30_000 });
    filter.observe(hit('s', 1, 0));
    expect(filter.flush(10_000)).toEqual([]);
    filter.observe(hit('s', 2, 11_000 - 10_000 + 500));
    filter.observe(hit('s', 3, 1_800));
    filter.observe(hit('s', 4, 2_500));
    expect(filter.flush(40_000).reduce((n, t) => n + t.automated, 0)).toBe(4);
  });

  it('filters at least 95% of scanner requests and loses at most 2% of person clicks in the replay', () => {
    const replay = JSON.parse(readFileSync(new URL('../testing/fixtures/clicks/replay.json', import.meta.url), 'utf8')) as ReplayRequest[];
    const verdicts = new Map<Hit, boolean>();
    const filter = new ClickFilter({ picksOf: () => 6, onJudged: (h, automated) => verdicts.set(h, automated) });
    const kinds = new Map<Hit, ReplayRequest>();
    for (const r of replay) {
      const h: Hit = { issue: 7, pick: r.pick, visitor: `${r.ip}|${r.ua}`, at: r.t, automated: automatedRequest({ method: r.method, userAgent: r.ua, headers: r.headers }) };
      kinds.set(h, r);
      filter.flush(r.t);
      filter.observe(h);
    }
    filter.flush(Number.MAX_SAFE_INTEGER, true);
    const scanners = replay.filter((r) => r.kind === 'scanner').length;
    // A scanner request that was never judged was a repeat: not counted either.
    const scannersCounted = [...verdicts].filter(([h, automated]) => kinds.get(h)!.kind === 'scanner' && !automated).length;
    const people = replay.filter((r) => r.kind === 'person' && !r.repeat).length;
    const peopleLost = [...verdicts].filter(([h, automated]) => kinds.get(h)!.kind === 'person' && automated).length;
    const peopleCounted = [...verdicts].filter(([h, automated]) => kinds.get(h)!.kind === 'person' && !automated).length;
    expect(1 - scannersCounted / scanners).toBeGreaterThanOrEqual(0.95);
    expect(peopleLost / people).toBeLessThanOrEqual(0.02);
    // Repeats are counted once: every new person click is either counted or lost, none twice.
    expect(peopleCounted + peopleLost).toBeLessThanOrEqual(people);
    expect(peopleCounted).toBeGreaterThanOrEqual(people * 0.97);
  });
});
