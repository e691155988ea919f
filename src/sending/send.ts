/**
 * Sends one issue to every confirmed subscriber, driven by the ledger: a row is marked
 * "sending" before the SMTP transaction and "sent" only when the server accepted it.
 * Several senders (processes, machines) can run one send together: each claims batches of
 * queued rows under a lease it renews while working, and keeps going until no sender holds
 * any work, so the survivors finish what a dead sender had claimed once its lease runs out.
 * Every I/O is a port (ledger, subscribers, mail transport, clock), so tests drive the
 * real engine with fakes and the benchmark with a real SMTP sink.
 */
import { backoffMs } from '../mail/smtp-errors.ts';
import type { MailTransport, OutgoingMessage } from '../mail/transport.ts';
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import type { AcceptedMessage, Delivery, DeliveryStatus, Ledger } from './ledger.ts';

/** How long other senders wait before taking over a silent sender's claimed work. */
export const DEFAULT_LEASE_MS = 60_000;
/** Accepted messages are recorded in groups of this many, or after this long. */
const SENT_FLUSH_SIZE = 50;
const SENT_FLUSH_MS = 250;

export interface Progress {
  done: number;
  total: number;
  sent: number;
  elapsedMs: number;
}

export interface SendPorts {
  ledger: Ledger;
  subscribers: SubscriberStore;
  transport: Pick<MailTransport, 'send' | 'classify' | 'describeError' | 'describe' | 'remedy'>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  progress: (p: Progress) => void;
  /** Whether a sender is known to be dead (its process on this machine is gone); unknown means no. */
  isSenderGone?: (senderId: string) => boolean;
}

export interface SendOptions {
  issue: number;
  /** Builds one subscriber's message (placeholders filled, headers set). */
  messageFor: (subscriber: Subscriber) => OutgoingMessage;
  /** Parallel SMTP transactions. */
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

export type StopReason = 'interrupted' | 'auth' | 'policy' | 'unreachable';

export interface SendSummary {
  issue: number;
  /** Confirmed subscribers newly added to the ledger by this run. */
  planned: number;
  /** Rows found "sending" from a run that died, and how many of them were queued again. */
  recovered: { inFlight: number; requeued: number };
  /** What this sender did in this run. */
  run: { sent: number; failed: number; bounced: number; skipped: number; retried: number };
  senderId: string;
  /** The ledger for this issue after the run: the whole send, every sender and run. */
  ledger: Record<DeliveryStatus, number>;
  stopped?: { reason: StopReason; message: string } | undefined;
  durationMs: number;
  complete: boolean;
}

export async function runSend(options: SendOptions, ports: SendPorts): Promise<SendSummary> {
  const { ledger, subscribers, transport } = ports;
  const clock = () => ports.now().getTime();
  const started = clock();
  const { issue, senderId } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const leaseUntil = () => new Date(clock() + leaseMs);
  const pollMs = options.pollMs ?? Math.min(1000, leaseMs / 4);
  await ledger.startRun(issue, ports.now());
  const recovered = { inFlight: 0, requeued: 0 };
  /** Expires the claims of senders known dead, then settles their in-flight rows; returns the senders still holding work. */
  const settleOthers = async () => {
    let others = await ledger.activeSenders(issue, senderId, ports.now());
    const gone = others.filter((o) => ports.isSenderGone?.(o.senderId));
    for (const o of gone) await ledger.expireClaims(issue, o.senderId, ports.now());
    if (gone.length > 0) others = others.filter((o) => !gone.includes(o));
    const r = await ledger.recoverInFlight(issue, options.retryUncertain, ports.now());
    recovered.inFlight += r.inFlight;
    recovered.requeued += r.requeued;
    return others;
  };
  await settleOthers();
  const planned = await ledger.plan(issue, ports.now());
  const total = (await ledger.counts(issue)).queued;
  const run = { sent: 0, failed: 0, bounced: 0, skipped: 0, retried: 0 };
  let stopped: SendSummary['stopped'];
  let fatal: { error: unknown } | undefined;
  let policyStreak = 0;
  let unreachableStreak = 0;
  let done = 0;

  type Work = { delivery: Delivery; subscriber: Subscriber | undefined };
  const retries: { work: Work; notBefore: number }[] = [];
  const buffer: Work[] = [];
  /** A claimed batch with its subscribers, loaded in one query; markSending re-checks their status. */
  const withSubscribers = async (batch: Delivery[]): Promise<Work[]> => {
    const found = new Map((await subscribers.byIds(batch.map((d) => d.subscriberId))).map((s) => [s.id, s]));
    return batch.map((delivery) => ({ delivery, subscriber: found.get(delivery.subscriberId) }));
  };
  const batchSize = options.batchSize ?? 100;
  const concurrency = Math.max(1, options.concurrency);
  let exhausted = false;
  let loading: Promise<void> | undefined;
  const stop = (reason: StopReason, message: string) => {
    if (!stopped) stopped = { reason, message };
  };
  const fail = (error: unknown) => {
    fatal ??= { error };
    stop('interrupted', 'Stopped: the database failed.');
  };
  options.signal.addEventListener('abort', () => stop('interrupted', 'Stopped on request (Ctrl-C or SIGTERM).'), { once: true });
  const renewal = setInterval(() => void ledger.renewLease(issue, senderId, leaseUntil()).catch(() => undefined), leaseMs / 3);
  renewal.unref?.();

  const refill = () =>
    (loading ??= (async () => {
      const batch = await ledger.claimBatch(issue, senderId, batchSize, leaseUntil(), ports.now());
      if (batch.length > 0) {
        buffer.push(...(await withSubscribers(batch)));
        return;
      }
      // Nothing left to claim: finished, unless other senders still hold work they might not finish.
      const others = await settleOthers();
      if (others.length === 0) {
        // Rows a stopping sender released, or uncertain ones queued again, may have appeared meanwhile.
        const again = stopped ? [] : await ledger.claimBatch(issue, senderId, batchSize, leaseUntil(), ports.now());
        if (again.length > 0) buffer.push(...(await withSubscribers(again)));
        else exhausted = true;
        return;
      }
      const soonest = Math.min(...others.map((o) => Date.parse(o.leaseUntil)));
      await ports.sleep(Math.max(10, Math.min(pollMs, soonest - clock() + 1)));
    })()
      .catch(fail)
      .finally(() => (loading = undefined)));

  const take = async (): Promise<Work | 'wait' | undefined> => {
    for (;;) {
      if (stopped) return undefined;
      const due = retries.findIndex((r) => r.notBefore <= clock());
      if (due >= 0) return retries.splice(due, 1)[0]!.work;
      const next = buffer.shift();
      if (next) {
        // Claim the next batch before this one runs dry, so connections never wait for it.
        if (buffer.length < concurrency && !exhausted && !loading) void refill();
        return next;
      }
      if (exhausted) return retries.length > 0 ? 'wait' : undefined;
      await refill();
    }
  };

  /**
   * Accepted messages are recorded a few dozen at a time (one commit instead of one each, the
   * sender's main database cost); they stay "sending" until then, so a crash makes them
   * uncertain, never re-sent.
   */
  let accepted: AcceptedMessage[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flushSent = () => {
    const rows = accepted;
    accepted = [];
    flushing = flushing.then(() => ledger.markSent(issue, rows, ports.now()));
    return flushing;
  };
  const flushTimer = setInterval(() => void flushSent().catch(fail), SENT_FLUSH_MS);
  flushTimer.unref?.();

  /**
   * Each message is marked "sending" just before its SMTP transaction, as always; the marks
   * that connections ask for in the same turn of the event loop share one commit (a group
   * commit), so no row is marked before its own message is about to go.
   */
  let marks: { subscriberId: number; resolve: (attempt: number | undefined) => void; reject: (error: unknown) => void }[] = [];
  const commitMarks = () => {
    const group = marks;
    marks = [];
    ledger.markSendingMany(issue, group.map((m) => m.subscriberId), senderId, ports.now()).then(
      (attempts) => group.forEach((m) => m.resolve(attempts.get(m.subscriberId))),
      (error: unknown) => group.forEach((m) => m.reject(error)),
    );
  };
  const markSending = (subscriberId: number) =>
    new Promise<number | undefined>((resolve, reject) => {
      if (marks.push({ subscriberId, resolve, reject }) === 1) setImmediate(commitMarks);
    });

  const skip = async (delivery: Delivery, subscriber: Subscriber | undefined) => {
    await ledger.markFinal(issue, delivery.subscriberId, 'skipped', `subscriber is ${subscriber?.status ?? 'erased'}`, ports.now());
    run.skipped++;
    done++;
  };

  const deliver = async ({ delivery, subscriber }: Work) => {
    if (!subscriber || subscriber.status !== 'confirmed') return skip(delivery, subscriber);
    const attempt = await markSending(delivery.subscriberId);
    if (attempt === undefined) {
      // Unsubscribed since the batch was loaded, or our lease ran out (a long pause) and another sender took the row over.
      const now = await subscribers.byId(delivery.subscriberId);
      if (!now || now.status !== 'confirmed') await skip(delivery, now);
      return;
    }
    try {
      const info = await transport.send(options.messageFor(subscriber));
      accepted.push({ subscriberId: delivery.subscriberId, messageId: info.messageId, response: info.response });
      run.sent++;
      policyStreak = 0;
      unreachableStreak = 0;
      done++;
    } catch (error) {
      if (fatal) throw error;
      const response = transport.describeError(error);
      switch (transport.classify(error)) {
        case 'retry':
          await ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          if (attempt < options.maxAttempts && !stopped) {
            run.retried++;
            retries.push({ work: { delivery, subscriber }, notBefore: clock() + backoffMs(attempt, options.backoffBase) });
          } else done++;
          break;
        case 'bounce':
          await ledger.markFinal(issue, delivery.subscriberId, 'bounced', response, ports.now());
          await subscribers.markBounced(delivery.subscriberId, ports.now());
          run.bounced++;
          done++;
          break;
        case 'policy':
          await ledger.markFinal(issue, delivery.subscriberId, 'failed', response, ports.now());
          run.failed++;
          done++;
          if (++policyStreak >= options.policyStopAfter) {
            stop('policy', `The server rejected ${policyStreak} messages in a row for policy reasons (last: "${response}"). Check your sending domain's SPF/DKIM/DMARC and your provider's limits.`);
          }
          break;
        case 'stop':
          await ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          stop('auth', `The mail service refused to send ("${response}"). ${transport.remedy.stop}, then run the same command again.`);
          break;
        case 'unreachable':
          // Nothing was handed over: the row goes back to the queue untouched by this attempt.
          await ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          if (run.sent === 0 || ++unreachableStreak >= (options.unreachableStopAfter ?? 5)) {
            stop('unreachable', `Cannot reach ${transport.describe()}: ${response}. Nothing more was sent; ${transport.remedy.unreachable}, then run the same command again.`);
          }
          break;
        case 'fail':
          await ledger.markFinal(issue, delivery.subscriberId, 'failed', response, ports.now());
          run.failed++;
          done++;
          break;
      }
    }
    if (accepted.length >= SENT_FLUSH_SIZE) await flushSent();
    ports.progress({ done, total, sent: run.sent, elapsedMs: clock() - started });
  };

  const worker = async () => {
    for (;;) {
      const next = await take();
      if (next === undefined) return;
      if (next === 'wait') {
        const soonest = Math.min(...retries.map((r) => r.notBefore));
        await ports.sleep(Math.max(10, soonest - clock()));
        continue;
      }
      // A database failure stops every worker; the messages already in flight finish first.
      await deliver(next).catch(fail);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    clearInterval(renewal);
    clearInterval(flushTimer);
  }
  await flushSent().catch(fail);
  if (fatal) {
    await ledger.releaseClaims(issue, senderId, ports.now()).catch(() => undefined);
    throw fatal.error;
  }
  // What this sender claimed but did not get to goes back to the others at once.
  if (stopped) await ledger.releaseClaims(issue, senderId, ports.now());
  const status = await ledger.finishRun(issue, ports.now());
  const counts = await ledger.counts(issue);
  const complete = !stopped && status === 'complete';
  return { issue, planned, recovered, run, senderId, ledger: counts, stopped, durationMs: clock() - started, complete };
}
