/**
 * Sends one issue to every confirmed subscriber, driven by the ledger: a row is marked
 * "sending" before the SMTP transaction and "sent" only when the server accepted it.
 * Every I/O is a port (ledger, subscribers, mail transport, clock), so tests drive the
 * real engine with fakes and the benchmark with a real SMTP sink.
 */
import { backoffMs } from '../mail/smtp-errors.ts';
import type { MailTransport, OutgoingMessage } from '../mail/transport.ts';
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import type { Delivery, DeliveryStatus, Ledger } from './ledger.ts';

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
  /** What this run did. */
  run: { sent: number; failed: number; bounced: number; skipped: number; retried: number };
  /** The ledger for this issue after the run. */
  ledger: Record<DeliveryStatus, number>;
  stopped?: { reason: StopReason; message: string } | undefined;
  durationMs: number;
  complete: boolean;
}

export async function runSend(options: SendOptions, ports: SendPorts): Promise<SendSummary> {
  const { ledger, subscribers, transport } = ports;
  const clock = () => ports.now().getTime();
  const started = clock();
  const { issue } = options;
  await ledger.startRun(issue, ports.now());
  const recovered = await ledger.recoverInFlight(issue, options.retryUncertain, ports.now());
  const planned = await ledger.plan(issue, ports.now());
  const total = (await ledger.counts(issue)).queued;
  const run = { sent: 0, failed: 0, bounced: 0, skipped: 0, retried: 0 };
  let stopped: SendSummary['stopped'];
  let policyStreak = 0;
  let unreachableStreak = 0;
  let done = 0;

  const retries: { delivery: Delivery; notBefore: number }[] = [];
  let buffer: Delivery[] = [];
  let cursor = 0;
  let exhausted = false;
  let loading: Promise<void> | undefined;
  const stop = (reason: StopReason, message: string) => {
    if (!stopped) stopped = { reason, message };
  };
  options.signal.addEventListener('abort', () => stop('interrupted', 'Stopped on request (Ctrl-C or SIGTERM).'), { once: true });

  const refill = () =>
    (loading ??= (async () => {
      const batch = await ledger.nextQueued(issue, cursor, options.batchSize ?? 500);
      if (batch.length === 0) exhausted = true;
      else {
        cursor = batch[batch.length - 1]!.subscriberId;
        buffer.push(...batch);
      }
    })().finally(() => (loading = undefined)));

  const take = async (): Promise<Delivery | 'wait' | undefined> => {
    for (;;) {
      const due = retries.findIndex((r) => r.notBefore <= clock());
      if (due >= 0) return retries.splice(due, 1)[0]!.delivery;
      const next = buffer.shift();
      if (next) return next;
      if (exhausted) return retries.length > 0 ? 'wait' : undefined;
      await refill();
    }
  };

  const deliver = async (delivery: Delivery) => {
    const subscriber = await subscribers.byId(delivery.subscriberId);
    if (!subscriber || subscriber.status !== 'confirmed') {
      await ledger.markFinal(issue, delivery.subscriberId, 'skipped', `subscriber is ${subscriber?.status ?? 'erased'}`, ports.now());
      run.skipped++;
      done++;
      return;
    }
    const attempt = await ledger.markSending(issue, delivery.subscriberId, ports.now());
    try {
      const info = await transport.send(options.messageFor(subscriber));
      await ledger.markSent(issue, delivery.subscriberId, info.messageId, info.response, ports.now());
      run.sent++;
      policyStreak = 0;
      unreachableStreak = 0;
      done++;
    } catch (error) {
      const response = transport.describeError(error);
      switch (transport.classify(error)) {
        case 'retry':
          await ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          if (attempt < options.maxAttempts && !stopped) {
            run.retried++;
            retries.push({ delivery, notBefore: clock() + backoffMs(attempt, options.backoffBase) });
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
    ports.progress({ done, total, sent: run.sent, elapsedMs: clock() - started });
  };

  const worker = async () => {
    for (;;) {
      if (stopped) return;
      const next = await take();
      if (next === undefined) return;
      if (next === 'wait') {
        const soonest = Math.min(...retries.map((r) => r.notBefore));
        await ports.sleep(Math.max(10, soonest - clock()));
        continue;
      }
      await deliver(next);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));

  const counts = await ledger.counts(issue);
  const complete = !stopped && counts.queued === 0 && counts.sending === 0;
  await ledger.finishRun(issue, complete ? 'complete' : 'stopped', ports.now());
  return { issue, planned, recovered, run, ledger: counts, stopped, durationMs: clock() - started, complete };
}
