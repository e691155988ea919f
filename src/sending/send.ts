/**
 * Sends one issue to every confirmed subscriber, driven by the ledger: a row is marked
 * "sending" before the SMTP transaction and "sent" only when the server accepted it.
 * Every I/O is a port, so tests and the benchmark run the real engine.
 */
import type Mail from 'nodemailer/lib/mailer';
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import { backoffMs, classifySmtpError, type SmtpErrorLike } from './classify.ts';
import type { Delivery, DeliveryStatus, Ledger } from './ledger.ts';

export interface Transport {
  send: (message: Mail.Options) => Promise<{ messageId: string; response: string }>;
}

export interface Progress {
  done: number;
  total: number;
  sent: number;
  elapsedMs: number;
}

export interface SendPorts {
  ledger: Ledger;
  subscribers: SubscriberStore;
  transport: Transport;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  progress: (p: Progress) => void;
  log: (line: string) => void;
}

export interface SendOptions {
  issue: number;
  /** Builds one subscriber's message (placeholders filled, headers set). */
  messageFor: (subscriber: Subscriber) => Mail.Options;
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
}

export type StopReason = 'interrupted' | 'auth' | 'policy';

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

const describeError = (e: SmtpErrorLike) => (e.response ?? e.message ?? String(e)).replace(/\s+/g, ' ').trim();

export async function runSend(options: SendOptions, ports: SendPorts): Promise<SendSummary> {
  const { ledger, subscribers, transport } = ports;
  const started = Date.now();
  const { issue } = options;
  ledger.startRun(issue, ports.now());
  const recovered = ledger.recoverInFlight(issue, options.retryUncertain, ports.now());
  const planned = ledger.plan(issue, ports.now());
  const total = ledger.counts(issue).queued;
  const run = { sent: 0, failed: 0, bounced: 0, skipped: 0, retried: 0 };
  let stopped: SendSummary['stopped'];
  let policyStreak = 0;
  let done = 0;

  const retries: { delivery: Delivery; notBefore: number }[] = [];
  let buffer: Delivery[] = [];
  let cursor = 0;
  let exhausted = false;
  const stop = (reason: StopReason, message: string) => {
    if (!stopped) stopped = { reason, message };
  };
  options.signal.addEventListener('abort', () => stop('interrupted', 'Stopped on request (Ctrl-C or SIGTERM).'), { once: true });

  const take = (): Delivery | 'wait' | undefined => {
    const now = Date.now();
    const due = retries.findIndex((r) => r.notBefore <= now);
    if (due >= 0) return retries.splice(due, 1)[0]!.delivery;
    if (buffer.length === 0 && !exhausted) {
      buffer = ledger.nextQueued(issue, cursor, options.batchSize ?? 500);
      if (buffer.length === 0) exhausted = true;
      else cursor = buffer[buffer.length - 1]!.subscriberId;
    }
    const next = buffer.shift();
    if (next) return next;
    return retries.length > 0 ? 'wait' : undefined;
  };

  const deliver = async (delivery: Delivery) => {
    const subscriber = subscribers.byId(delivery.subscriberId);
    if (!subscriber || subscriber.status !== 'confirmed') {
      ledger.markFinal(issue, delivery.subscriberId, 'skipped', `subscriber is ${subscriber?.status ?? 'erased'}`, ports.now());
      run.skipped++;
      done++;
      return;
    }
    const attempt = ledger.markSending(issue, delivery.subscriberId, ports.now());
    try {
      const info = await transport.send(options.messageFor(subscriber));
      ledger.markSent(issue, delivery.subscriberId, info.messageId, info.response, ports.now());
      run.sent++;
      policyStreak = 0;
      done++;
    } catch (error) {
      const e = error as SmtpErrorLike;
      const response = describeError(e);
      switch (classifySmtpError(e)) {
        case 'retry':
          ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          if (attempt < options.maxAttempts && !stopped) {
            run.retried++;
            retries.push({ delivery, notBefore: Date.now() + backoffMs(attempt, options.backoffBase) });
          } else done++;
          break;
        case 'bounce':
          ledger.markFinal(issue, delivery.subscriberId, 'bounced', response, ports.now());
          subscribers.markBounced(delivery.subscriberId, ports.now());
          run.bounced++;
          done++;
          break;
        case 'policy':
          ledger.markFinal(issue, delivery.subscriberId, 'failed', response, ports.now());
          run.failed++;
          done++;
          if (++policyStreak >= options.policyStopAfter) {
            stop('policy', `The server rejected ${policyStreak} messages in a row for policy reasons (last: "${response}"). Check your sending domain's SPF/DKIM/DMARC and your provider's limits.`);
          }
          break;
        case 'stop-auth':
          ledger.markQueued(issue, delivery.subscriberId, response, ports.now());
          stop('auth', `The SMTP server refused the credentials ("${response}"). Check SMTP_URL's user name and password.`);
          break;
        case 'fail':
          ledger.markFinal(issue, delivery.subscriberId, 'failed', response, ports.now());
          run.failed++;
          done++;
          break;
      }
    }
    ports.progress({ done, total, sent: run.sent, elapsedMs: Date.now() - started });
  };

  const worker = async () => {
    for (;;) {
      if (stopped) return;
      const next = take();
      if (next === undefined) return;
      if (next === 'wait') {
        const soonest = Math.min(...retries.map((r) => r.notBefore));
        await ports.sleep(Math.max(10, soonest - Date.now()));
        continue;
      }
      await deliver(next);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));

  const counts = ledger.counts(issue);
  const complete = !stopped && counts.queued === 0 && counts.sending === 0;
  ledger.finishRun(issue, complete ? 'complete' : 'stopped', ports.now());
  return { issue, planned, recovered, run, ledger: counts, stopped, durationMs: Date.now() - started, complete };
}
