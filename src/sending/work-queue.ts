/**
 * The work one sender has in hand during a send: batches of queued deliveries it claimed
 * under a lease (renewed every third of it while it works), and messages waiting for a
 * retry. When nothing is left to claim it waits while other senders still hold work, so the
 * survivors finish what a dead sender had claimed once its lease runs out; before that, the
 * claims of senders known to be dead are expired and their in-flight rows settled.
 */
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import type { Delivery, Ledger } from './ledger.ts';

/** A claimed delivery and its subscriber as loaded with the batch (undefined: erased since). */
export interface Work {
  delivery: Delivery;
  subscriber: Subscriber | undefined;
}

export interface QueuePorts {
  ledger: Ledger;
  subscribers: Pick<SubscriberStore, 'byIds'>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Whether a sender is known to be dead (its process on this machine is gone); unknown means no. */
  isSenderGone?: ((senderId: string) => boolean) | undefined;
}

export interface QueueOptions {
  issue: number;
  senderId: string;
  batchSize: number;
  leaseMs: number;
  pollMs: number;
  /** How many messages the sender works on at once: the next batch is claimed before the buffer runs below it. */
  concurrency: number;
  /** Queue again the rows a dead sender left in flight, instead of marking them uncertain. */
  retryUncertain: boolean;
}

export class WorkQueue {
  /** Rows found "sending" from a sender that died, and how many of them were queued again. */
  readonly recovered = { inFlight: 0, requeued: 0 };
  readonly #buffer: Work[] = [];
  readonly #retries: { work: Work; notBefore: number }[] = [];
  #exhausted = false;
  #loading: Promise<void> | undefined;
  #renewal: ReturnType<typeof setInterval> | undefined;

  readonly ports: QueuePorts;
  readonly options: QueueOptions;
  /** Whether the run is stopping (no new work is handed out), and where a failed database call goes. */
  readonly run: { stopped: () => boolean; fail: (error: unknown) => void };

  constructor(ports: QueuePorts, options: QueueOptions, run: WorkQueue['run']) {
    this.ports = ports;
    this.options = options;
    this.run = run;
  }

  /** Settles what dead senders left in flight, then keeps this sender's claims alive until close(). */
  async open(): Promise<void> {
    await this.#settleOthers();
    const { ledger } = this.ports;
    const { issue, senderId, leaseMs } = this.options;
    this.#renewal = setInterval(() => void ledger.renewLease(issue, senderId, this.#leaseUntil()).catch(() => undefined), leaseMs / 3);
    this.#renewal.unref?.();
  }

  close(): void {
    clearInterval(this.#renewal);
  }

  /** The next message to send; 'wait' when only retries not yet due are left; undefined when done or stopping. */
  async take(): Promise<Work | 'wait' | undefined> {
    for (;;) {
      if (this.run.stopped()) return undefined;
      const due = this.#retries.findIndex((r) => r.notBefore <= this.#clock());
      if (due >= 0) return this.#retries.splice(due, 1)[0]!.work;
      const next = this.#buffer.shift();
      if (next) {
        // Claim the next batch before this one runs dry, so connections never wait for it.
        if (this.#buffer.length < this.options.concurrency && !this.#exhausted && !this.#loading) void this.#refill();
        return next;
      }
      if (this.#exhausted) return this.#retries.length > 0 ? 'wait' : undefined;
      await this.#refill();
    }
  }

  /** Hands `work` out again once `afterMs` has passed. */
  retryLater(work: Work, afterMs: number): void {
    this.#retries.push({ work, notBefore: this.#clock() + afterMs });
  }

  /** Sleeps until the soonest retry is due. */
  async waitForRetry(): Promise<void> {
    const soonest = Math.min(...this.#retries.map((r) => r.notBefore));
    await this.ports.sleep(Math.max(10, soonest - this.#clock()));
  }

  #clock = () => this.ports.now().getTime();
  #leaseUntil = () => new Date(this.#clock() + this.options.leaseMs);

  /** Expires the claims of senders known dead, then settles their in-flight rows; returns the senders still holding work. */
  async #settleOthers() {
    const { ledger, now, isSenderGone } = this.ports;
    const { issue, senderId, retryUncertain } = this.options;
    let others = await ledger.activeSenders(issue, senderId, now());
    const gone = others.filter((o) => isSenderGone?.(o.senderId));
    for (const o of gone) await ledger.expireClaims(issue, o.senderId, now());
    if (gone.length > 0) others = others.filter((o) => !gone.includes(o));
    const r = await ledger.recoverInFlight(issue, retryUncertain, now());
    this.recovered.inFlight += r.inFlight;
    this.recovered.requeued += r.requeued;
    return others;
  }

  #refill(): Promise<void> {
    this.#loading ??= this.#load()
      .catch(this.run.fail)
      .finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #load(): Promise<void> {
    if (await this.#claim()) return;
    // Nothing left to claim: finished, unless other senders still hold work they might not finish.
    const others = await this.#settleOthers();
    if (others.length === 0) {
      // Rows a stopping sender released, or uncertain ones queued again, may have appeared meanwhile.
      if (this.run.stopped() || !(await this.#claim())) this.#exhausted = true;
      return;
    }
    const soonest = Math.min(...others.map((o) => Date.parse(o.leaseUntil)));
    await this.ports.sleep(Math.max(10, Math.min(this.options.pollMs, soonest - this.#clock() + 1)));
  }

  /** Claims a batch and loads its subscribers in one query; false when there was nothing to claim. */
  async #claim(): Promise<boolean> {
    const { ledger, subscribers, now } = this.ports;
    const { issue, senderId, batchSize } = this.options;
    const batch = await ledger.claimBatch(issue, senderId, batchSize, this.#leaseUntil(), now());
    if (batch.length === 0) return false;
    const found = new Map((await subscribers.byIds(batch.map((d) => d.subscriberId))).map((s) => [s.id, s]));
    this.#buffer.push(...batch.map((delivery) => ({ delivery, subscriber: found.get(delivery.subscriberId) })));
    return true;
  }
}
