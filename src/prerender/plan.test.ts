import { describe, expect, it } from 'vitest';
import { InOrder, RenderTally, SerialLane, TwoLanes, formatRouteTally, threadFor, unknownWorkerRoutes } from './plan.ts';

const tip = { route: '/tips/[slug]', component: 'src/pages/tips/[slug].astro' };
const issue = { route: '/issues/[number]', component: 'src/pages/issues/[number].astro' };

describe('threadFor', () => {
  const workerRoutes = new Set([tip.component]);
  it('sends listed components to the worker and the rest to the main thread', () => {
    expect(threadFor(tip, workerRoutes)).toBe('worker');
    expect(threadFor(issue, workerRoutes)).toBe('main');
  });
  it('keeps every page on the main thread when incremental-build metadata is collected', () => {
    expect(threadFor(tip, workerRoutes, true)).toBe('main');
  });
});

describe('unknownWorkerRoutes', () => {
  it('names the listed components that render no route', () => {
    expect(unknownWorkerRoutes([tip.component, 'src/pages/tip/[slug].astro'], [tip.component, issue.component])).toEqual(['src/pages/tip/[slug].astro']);
    expect(unknownWorkerRoutes([], [tip.component])).toEqual([]);
  });
});

describe('SerialLane', () => {
  it('runs one task at a time, in the order given, past a task that fails', async () => {
    const lane = new SerialLane();
    const log: string[] = [];
    let release!: () => void;
    const first = lane.run(async () => {
      log.push('first starts');
      await new Promise<void>((r) => (release = r));
      log.push('first ends');
      return 1;
    });
    const second = lane.run(async () => {
      log.push('second runs');
      throw new Error('second failed');
    });
    const third = lane.run(async () => {
      log.push('third runs');
      return 3;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(log).toEqual(['first starts']);
    release();
    expect(await first).toBe(1);
    await expect(second).rejects.toThrow('second failed');
    expect(await third).toBe(3);
    expect(log).toEqual(['first starts', 'first ends', 'second runs', 'third runs']);
  });
});

describe('TwoLanes', () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));
  function deferred() {
    let resolve!: (v: string) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  }

  it('keeps the window full on the worker, and lets an idle main thread take waiting worker tasks from the back', async () => {
    const lanes = new TwoLanes(2);
    const log: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const gate = (name: string) => {
      log.push(name);
      const d = deferred();
      gates.set(name, d);
      return d.promise;
    };
    const main1 = lanes.main(() => gate('main:M1'));
    const results = Promise.allSettled(['W1', 'W2', 'W3', 'W4', 'W5'].map((w) => lanes.worker(() => gate(`worker:${w}`), () => gate(`main:${w}`))));
    await settle();
    expect(log).toEqual(['worker:W1', 'worker:W2', 'main:M1']);
    gates.get('main:M1')!.resolve('M1');
    await settle();
    expect(log).toEqual(['worker:W1', 'worker:W2', 'main:M1', 'main:W5']);
    gates.get('worker:W1')!.resolve('W1 on the worker');
    await settle();
    expect(log.at(-1)).toBe('worker:W3');
    gates.get('main:W5')!.reject(new Error('W5 failed'));
    await settle();
    expect(log.at(-1)).toBe('main:W4');
    for (const name of ['worker:W2', 'worker:W3', 'main:W4']) gates.get(name)!.resolve(`${name.split(':')[1]} done`);
    expect(await main1).toBe('M1');
    expect(await results).toEqual([
      { status: 'fulfilled', value: 'W1 on the worker' },
      { status: 'fulfilled', value: 'W2 done' },
      { status: 'fulfilled', value: 'W3 done' },
      { status: 'fulfilled', value: 'W4 done' },
      { status: 'rejected', reason: new Error('W5 failed') },
    ]);
    expect(log.filter((l) => l.startsWith('main:')).length).toBe(3);
  });
});

describe('InOrder', () => {
  it('hands values on in ticket order, skipping tickets settled with nothing', () => {
    const seen: string[] = [];
    const order = new InOrder<string>((v) => seen.push(v));
    const [a, b, c, d] = [order.ticket(), order.ticket(), order.ticket(), order.ticket()];
    order.settle(c, 'c');
    order.settle(b, undefined);
    expect(seen).toEqual([]);
    expect(order.pending).toBe(4);
    order.settle(a, 'a');
    expect(seen).toEqual(['a', 'c']);
    expect(order.pending).toBe(1);
    order.settle(d, 'd');
    expect(seen).toEqual(['a', 'c', 'd']);
    expect(order.pending).toBe(0);
  });
});

describe('RenderTally', () => {
  it('sums pages and time per route and thread, slowest first', () => {
    const tally = new RenderTally();
    tally.add(tip.component, 'worker', 2);
    tally.add(tip.component, 'worker', 3);
    tally.add(issue.component, 'main', 10);
    expect(tally.routes()).toEqual([
      { component: issue.component, thread: 'main', pages: 1, millis: 10 },
      { component: tip.component, thread: 'worker', pages: 2, millis: 5 },
    ]);
    expect(tally.summary()).toBe('3 pages: 1 on the main thread, 2 on the worker thread.');
    expect(formatRouteTally(tally.routes()[0]!)).toBe('src/pages/issues/[number].astro: 1 page in 0.01 s (main)');
    expect(formatRouteTally({ component: tip.component, thread: 'worker', pages: 1000, millis: 2310 })).toBe('src/pages/tips/[slug].astro: 1000 pages in 2.31 s (worker)');
  });
});
