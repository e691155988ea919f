/**
 * The pure parts of prerendering on two threads (src/integrations/parallel-prerender.ts):
 * which thread renders a route, a lane that runs one task at a time, a buffer that hands
 * results on in the order they were asked for, and the per-route tally the build prints.
 */

export type Thread = 'main' | 'worker';

/** A route as Astro's prerenderer sees it: its pattern and the file that renders it. */
export interface RouteRef {
  route: string;
  component: string;
}

/**
 * Where a route renders: on the worker when its component is listed, never when the
 * render must collect incremental-build metadata (only the main thread can).
 */
export function threadFor(route: RouteRef, workerRoutes: ReadonlySet<string>, collectMetadata = false): Thread {
  return !collectMetadata && workerRoutes.has(route.component) ? 'worker' : 'main';
}

/**
 * Worker routes that name no route of the site: a page renamed or removed would otherwise
 * silently move back to the main thread.
 */
export function unknownWorkerRoutes(workerRoutes: Iterable<string>, components: Iterable<string>): string[] {
  const known = new Set(components);
  return [...workerRoutes].filter((component) => !known.has(component));
}

/** Runs the tasks given to it one after another, in the order they were given. */
export class SerialLane {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => {});
    return result;
  }
}

/**
 * Hands values on in ticket order, whatever order they arrive in: `ticket()` when a task
 * starts, `settle(ticket, value)` when it ends (`undefined` when there is nothing to pass on).
 */
export class InOrder<T> {
  readonly #emit: (value: T) => void;
  readonly #waiting = new Map<number, T | undefined>();
  #issued = 0;
  #next = 0;

  constructor(emit: (value: T) => void) {
    this.#emit = emit;
  }

  ticket(): number {
    return this.#issued++;
  }

  settle(ticket: number, value: T | undefined): void {
    this.#waiting.set(ticket, value);
    while (this.#waiting.has(this.#next)) {
      const ready = this.#waiting.get(this.#next);
      this.#waiting.delete(this.#next);
      this.#next += 1;
      if (ready !== undefined) this.#emit(ready);
    }
  }

  /** Tickets issued but not settled yet. */
  get pending(): number {
    return this.#issued - this.#next;
  }
}

export interface RouteTally {
  component: string;
  thread: Thread;
  pages: number;
  millis: number;
}

/** Pages and render time per route, for the build log. */
export class RenderTally {
  readonly #routes = new Map<string, RouteTally>();

  add(component: string, thread: Thread, millis: number): void {
    const key = `${thread} ${component}`;
    const entry = this.#routes.get(key) ?? { component, thread, pages: 0, millis: 0 };
    entry.pages += 1;
    entry.millis += millis;
    this.#routes.set(key, entry);
  }

  /** Slowest first. */
  routes(): RouteTally[] {
    return [...this.#routes.values()].sort((a, b) => b.millis - a.millis || a.component.localeCompare(b.component));
  }

  summary(): string {
    const on = (thread: Thread) => this.routes().filter((r) => r.thread === thread).reduce((n, r) => n + r.pages, 0);
    return `${on('main') + on('worker')} pages: ${on('main')} on the main thread, ${on('worker')} on the worker thread.`;
  }
}

/** One line per route, e.g. `src/pages/tips/[slug].astro: 1000 pages in 2.31 s (worker)`. */
export function formatRouteTally({ component, thread, pages, millis }: RouteTally): string {
  return `${component}: ${pages} ${pages === 1 ? 'page' : 'pages'} in ${(millis / 1000).toFixed(2)} s (${thread})`;
}
