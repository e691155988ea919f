/**
 * Runs the click filter in the server: hits go in as they come, and every `intervalMs` the judged ones are
 * added to the counts. A write that fails is kept and tried again with the next one (nothing lost); stop()
 * judges and writes what is left.
 */
import { ClickFilter, type FilterOptions, type Hit, type Tally } from './filter.ts';

export interface RecorderPorts {
  write: (tallies: readonly Tally[]) => Promise<void>;
  now: () => number;
  log: (line: string) => void;
}

export interface ClickRecorder {
  observe: (hit: Hit) => void;
  /** Judges what is due now and writes it (the timer calls this; tests call it too). */
  flush: (everything?: boolean) => Promise<void>;
  stop: () => Promise<void>;
}

export function startClickRecorder(filterOptions: FilterOptions, ports: RecorderPorts, intervalMs = 5_000): ClickRecorder {
  const filter = new ClickFilter(filterOptions);
  let unwritten: Tally[] = [];
  let writing = Promise.resolve();
  const flush = (everything = false) => {
    writing = writing.then(async () => {
      const batch = [...unwritten, ...filter.flush(ports.now(), everything)];
      unwritten = [];
      try {
        await ports.write(batch);
      } catch (error) {
        unwritten = batch;
        ports.log(`Could not write ${batch.length} click count(s), kept for the next try: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    return writing;
  };
  const timer = setInterval(() => void flush(), intervalMs).unref();
  return {
    observe: (hit) => filter.observe(hit),
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush(true);
    },
  };
}
