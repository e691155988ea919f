/**
 * Sends one issue to every confirmed subscriber, driven by the ledger: a row is marked
 * "sending" before its message goes to the transport and "sent" only when the server
 * accepted it. Several senders (processes, machines) can run one send together: each claims
 * batches of queued rows under a lease it renews while working, and keeps going until no
 * sender holds any work, so the survivors finish what a dead sender had claimed.
 *
 * The parts: WorkQueue (claims, leases, retries), LedgerWriter (group commits of the marks,
 * which bound what a crash leaves uncertain to one message per send slot), settleFailure
 * (what a failed message does, by nextStep). Every I/O is a port (ledger, subscribers, mail
 * transport, clock), so tests drive the real engine with fakes and the benchmark with a real
 * SMTP sink.
 */
import type { Backoff } from '../mail/next-step.ts';
import type { OnPermanentBounce } from '../mail/permanent-bounce.ts';
import type { MailTransport, OutgoingMessage } from '../mail/transport.ts';
import { pausedAt, type Subscriber, type SubscriberStore } from '../subscribers/store.ts';
import { RunGuard, settleFailure, type FailureContext, type RunCounts, type Stop } from './failures.ts';
import { LedgerWriter } from './ledger-writer.ts';
import type { DeliveryStatus, Ledger } from './ledger.ts';
import { WorkQueue, type Work } from './work-queue.ts';

export type { StopReason } from './failures.ts';

/** How long other senders wait before taking over a silent sender's claimed work. */
export const DEFAULT_LEASE_MS = 60_000;
/** Retries of a temporary failure within one run: 1 s, 4 s, 16 s… (base from `backoffBase`). */
const SEND_BACKOFF: Backoff = { baseMs: 1000, maxMs: 120_000 };

export interface Progress {
  done: number;
  total: number;
  sent: number;
  elapsedMs: number;
}

export interface SendPorts {
  ledger: Ledger;
  subscribers: Pick<SubscriberStore, 'byId' | 'byIds'>;
  transport: Pick<MailTransport, 'send' | 'classify' | 'describeError' | 'describe' | 'remedy'>;
  /** A 5.1.x refusal: the address does not exist (today: the store marks the subscriber bounced). */
  onPermanentBounce: OnPermanentBounce;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  progress: (p: Progress) => void;
  /** Whether a sender is known to be dead (its process on this machine is gone); unknown means no. */
  isSenderGone?: (senderId: string) => boolean;
}

export interface SendOptions {
  issue: number;
  /** Builds one subscriber's message (placeholders filled, headers set), ready MIME where it can be (message-frame.ts). */
  messageFor: (subscriber: Subscriber) => OutgoingMessage | Promise<OutgoingMessage>;
  /** Messages handed to the transport at once (send slots); after a crash at most this many are uncertain. */
  concurrency: number;
  /** Tries per message within one run, for temporary failures. */
  maxAttempts: number;
  /** Re-send messages that were in flight when a previous run died. */
  retryUncertain: boolean;
  /** Consecutive policy rejections (5.7.x) that stop the run. */
  policyStopAfter: number;
  /** Aborting stops taking new work; messages in flight finish and are recorded. */
  signal: AbortSignal;
  /** Base delay for retry backoff (ms). */
  backoffBase?: number;
  batchSize?: number;
  /** This sender's name in the ledger's claims: unique per process. */
  senderId: string;
  /** Claims last this long unless renewed (renewed every third of it while the sender works). */
  leaseMs?: number;
  /** How often to look again while other senders hold the remaining work. */
  pollMs?: number;
  /** Consecutive "cannot reach the server" failures, after some messages went out, that stop the run. */
  unreachableStopAfter?: number;
}

export interface SendSummary {
  issue: number;
  /** Confirmed subscribers newly added to the ledger by this run. */
  planned: number;
  /** Rows found "sending" from a run that died, and how many of them were queued again. */
  recovered: { inFlight: number; requeued: number };
  /** What this sender did in this run. */
  run: RunCounts;
  senderId: string;
  /** The ledger for this issue after the run: the whole send, every sender and run. */
  ledger: Record<DeliveryStatus, number>;
  stopped?: Stop | undefined;
  durationMs: number;
  complete: boolean;
}

/** The run's shared state: counters, the reason it stops, and the first database failure. */
class RunState {
  readonly counts: RunCounts = { sent: 0, failed: 0, bounced: 0, skipped: 0, retried: 0, uncertain: 0 };
  done = 0;
  stopped: Stop | undefined;
  fatal: { error: unknown } | undefined;
  stop = (stop: Stop) => {
    this.stopped ??= stop;
  };
  /** A database failure stops every slot; the messages already in flight finish first. */
  fail = (error: unknown) => {
    this.fatal ??= { error };
    this.stop({ reason: 'interrupted', message: 'Stopped: the database failed.' });
  };
}

export async function runSend(options: SendOptions, ports: SendPorts): Promise<SendSummary> {
  const { ledger } = ports;
  const { issue, senderId } = options;
  const clock = () => ports.now().getTime();
  const started = clock();
  const state = new RunState();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const concurrency = Math.max(1, options.concurrency);
  await ledger.startRun(issue, ports.now());
  const queue = new WorkQueue(
    ports,
    { issue, senderId, leaseMs, concurrency, batchSize: options.batchSize ?? 100, pollMs: options.pollMs ?? Math.min(1000, leaseMs / 4), retryUncertain: options.retryUncertain },
    { stopped: () => state.stopped !== undefined, fail: state.fail },
  );
  await queue.open();
  const planned = await ledger.plan(issue, ports.now());
  const total = (await ledger.counts(issue)).queued;
  options.signal.addEventListener('abort', () => state.stop({ reason: 'interrupted', message: 'Stopped on request (Ctrl-C or SIGTERM).' }), { once: true });
  const writer = new LedgerWriter(ledger, { issue, senderId, now: ports.now }, state.fail);
  const deliver = deliverer(options, ports, { queue, writer, state, progress: () => ports.progress({ done: state.done, total, sent: state.counts.sent, elapsedMs: clock() - started }) });
  const slot = async () => {
    for (let next = await queue.take(); next !== undefined; next = await queue.take()) {
      if (next === 'wait') await queue.waitForRetry();
      else await deliver(next).catch(state.fail);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, slot));
  } finally {
    queue.close();
  }
  await writer.flush();
  return finish(options, ports, { state, planned, recovered: queue.recovered, durationMs: clock() - started });
}

interface DeliverParts {
  queue: WorkQueue;
  writer: LedgerWriter;
  state: RunState;
  progress: () => void;
}

/** One message: skip it, or mark it "sending", hand it to the transport and record what came back. */
function deliverer(options: SendOptions, ports: SendPorts, { queue, writer, state, progress }: DeliverParts) {
  const { issue } = options;
  const guard = new RunGuard({ policyStopAfter: options.policyStopAfter, unreachableStopAfter: options.unreachableStopAfter ?? 5 });
  const failures: FailureContext = {
    issue,
    ledger: ports.ledger,
    transport: ports.transport,
    onPermanentBounce: ports.onPermanentBounce,
    policy: { kind: 'bulk', maxAttempts: options.maxAttempts, backoff: { ...SEND_BACKOFF, baseMs: options.backoffBase ?? SEND_BACKOFF.baseMs } },
    queue,
    guard,
    run: state.counts,
    now: ports.now,
    stopped: () => state.stopped !== undefined,
    stop: state.stop,
  };
  const skip = async (subscriberId: number, subscriber: Subscriber | undefined) => {
    const why = subscriber && pausedAt(subscriber, ports.now()) ? 'paused' : (subscriber?.status ?? 'erased');
    await ports.ledger.markFinal(issue, subscriberId, 'skipped', `subscriber is ${why}`, ports.now());
    state.counts.skipped++;
    state.done++;
  };
  return async (work: Work): Promise<void> => {
    const { delivery, subscriber } = work;
    // Paused after the issue was planned (a send resumed later): not mailed either.
    if (!subscriber || subscriber.status !== 'confirmed' || pausedAt(subscriber, ports.now())) return skip(delivery.subscriberId, subscriber);
    const attempt = await writer.markSending(delivery.subscriberId);
    if (attempt === undefined) {
      // Unsubscribed since the batch was loaded, or our lease ran out (a long pause) and another sender took the row over.
      const now = await ports.subscribers.byId(delivery.subscriberId);
      if (!now || now.status !== 'confirmed') await skip(delivery.subscriberId, now);
      return;
    }
    try {
      const info = await ports.transport.send(await options.messageFor(subscriber));
      writer.accepted({ subscriberId: delivery.subscriberId, messageId: info.messageId, response: info.response });
      state.counts.sent++;
      guard.accepted();
      state.done++;
    } catch (error) {
      if (state.fatal) throw error;
      if (await settleFailure(failures, work, attempt, error)) state.done++;
    }
    progress();
  };
}

/** Hands back what this sender did not get to, closes the run and sums it up. */
async function finish(options: SendOptions, ports: SendPorts, r: { state: RunState; planned: number; recovered: SendSummary['recovered']; durationMs: number }): Promise<SendSummary> {
  const { ledger } = ports;
  const { issue, senderId } = options;
  const { state } = r;
  if (state.fatal) {
    await ledger.releaseClaims(issue, senderId, ports.now()).catch(() => undefined);
    throw state.fatal.error;
  }
  // What this sender claimed but did not get to goes back to the others at once.
  if (state.stopped) await ledger.releaseClaims(issue, senderId, ports.now());
  const status = await ledger.finishRun(issue, ports.now());
  const counts = await ledger.counts(issue);
  const complete = !state.stopped && status === 'complete';
  return { issue, planned: r.planned, recovered: r.recovered, run: state.counts, senderId, ledger: counts, stopped: state.stopped, durationMs: r.durationMs, complete };
}
