/**
 * Delivers the mail outbox: claims due rows with a lease (so several server processes on
 * one database never send a row twice in normal operation), builds each message from the
 * build's notice emails and the subscriber as they are now, and sends it through the mail
 * port. Temporary failures are retried with backoff; permanent ones are recorded with the
 * reason. A row left "sending" by a crash is taken again when its lease runs out: a
 * duplicate confirmation is harmless, a lost one is not. Every I/O is a port.
 */
import { returnPathFor, type BounceSigning } from '../bounces/bounce-signing.ts';
import { buildMessage, type SenderIdentity } from '../email/message.ts';
import type { MailTransport } from '../mail/transport.ts';
import type { Notices } from '../subscribers/flow.ts';
import { confirmUrl, unsubscribeUrl, type LinkSigning } from '../subscribers/links.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import type { Outbox, OutboxRow } from './outbox.ts';

export interface WorkerPorts {
  outbox: Outbox;
  store: Pick<SubscriberStore, 'byId' | 'markBounced'>;
  transport: Pick<MailTransport, 'send' | 'classify' | 'describeError'>;
  notices: () => Promise<Notices>;
  links: LinkSigning;
  sender: SenderIdentity;
  /** BOUNCE_ADDRESS and its key: each email gets the subscriber's signed VERP Return-Path. */
  bounce?: BounceSigning | undefined;
  now: () => Date;
  /** Waits `ms`, or less when woken. */
  sleep: (ms: number, wake: AbortSignal) => Promise<void>;
  log: (line: string) => void;
}

export interface WorkerOptions {
  /** Identifies this process's claims, e.g. "web-1:4821". */
  workerId: string;
  /** Rows claimed at a time. */
  batchSize?: number;
  /**
   * Rows of a batch being sent at once. Each row's claim is renewed just before its send, so
   * a slow mail server cannot let the claims of rows still waiting in a big batch run out and
   * another server send them too; keep it near the mail transport's connection count.
   */
  concurrency?: number;
  /** How long a claim holds before another worker may take the row. */
  leaseMs?: number;
  /** How often an idle worker looks for due rows (it is also woken on every new row). */
  idleMs?: number;
  /** First retry delay; each further attempt waits four times longer, up to `maxBackoffMs`. */
  retryBaseMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a temporary failure is given up. */
  maxAttempts?: number;
}

export const OUTBOX_DEFAULTS = { batchSize: 32, concurrency: 4, leaseMs: 30_000, idleMs: 1_000, retryBaseMs: 1_000, maxBackoffMs: 10 * 60_000, maxAttempts: 10 } as const;

export interface OutboxWorker {
  /** A new row was queued: look now instead of at the next idle tick. */
  wake: () => void;
  /** Finishes the messages in flight, then stops. */
  stop: () => Promise<void>;
  /** Resolves when the worker has nothing due (for tests and the benchmark). */
  drained: () => Promise<void>;
}

/** What the worker does with one claimed row; exported for tests. */
export async function deliverRow(row: OutboxRow, ports: WorkerPorts, options: Required<Omit<WorkerOptions, 'workerId'>>): Promise<'sent' | 'retry' | 'failed' | 'dropped'> {
  const now = ports.now();
  const subscriber = await ports.store.byId(row.subscriberId);
  const wanted = row.kind === 'confirm' ? 'pending' : 'confirmed';
  if (!subscriber || subscriber.status !== wanted) {
    await ports.outbox.markFinal(row.id, 'dropped', subscriber ? `subscriber is ${subscriber.status}, no ${row.kind} email needed` : 'subscriber was erased', now);
    return 'dropped';
  }
  const notices = await ports.notices();
  const returnPath = returnPathFor(ports.bounce, subscriber.id);
  const message =
    row.kind === 'confirm'
      ? buildMessage({
          sender: ports.sender,
          template: notices.confirm,
          recipient: subscriber,
          // The link's week runs from the sign-up, not from a retry.
          confirmUrl: confirmUrl(ports.links, subscriber, new Date(row.createdAt)),
          greetByName: false,
          messageKey: `confirm.${row.id}`,
          date: now,
          returnPath,
        })
      : buildMessage({
          sender: ports.sender,
          template: notices.welcome,
          recipient: subscriber,
          unsubscribeUrl: unsubscribeUrl(ports.links, subscriber),
          messageKey: `welcome.${row.id}`,
          date: now,
          returnPath,
        });
  try {
    const info = await ports.transport.send(message);
    await ports.outbox.markSent(row.id, info.messageId, ports.now());
    return 'sent';
  } catch (error) {
    const reason = ports.transport.describeError(error);
    const verdict = ports.transport.classify(error);
    if (verdict === 'bounce') {
      await ports.outbox.markFinal(row.id, 'failed', `address does not exist: ${reason}`, ports.now());
      await ports.store.markBounced(row.subscriberId, ports.now());
      return 'failed';
    }
    if (verdict === 'fail' || verdict === 'policy') {
      await ports.outbox.markFinal(row.id, 'failed', reason, ports.now());
      return 'failed';
    }
    // retry, unreachable, stop (credentials, paused account): the operator fixes it; the row waits.
    if (row.attempts >= options.maxAttempts) {
      await ports.outbox.markFinal(row.id, 'failed', `gave up after ${row.attempts} attempts: ${reason}`, ports.now());
      return 'failed';
    }
    const delay = Math.min(options.maxBackoffMs, options.retryBaseMs * 4 ** Math.max(0, row.attempts - 1));
    await ports.outbox.markRetry(row.id, reason, new Date(ports.now().getTime() + delay), ports.now());
    return 'retry';
  }
}

export function startOutboxWorker(ports: WorkerPorts, { workerId, ...rest }: WorkerOptions): OutboxWorker {
  const options = { ...OUTBOX_DEFAULTS, ...rest };
  let running = true;
  let waker = new AbortController();
  const idleWaiters: (() => void)[] = [];
  const loop = (async () => {
    while (running) {
      let claimed: OutboxRow[] = [];
      try {
        const now = ports.now();
        claimed = await ports.outbox.claim(workerId, options.batchSize, now, new Date(now.getTime() + options.leaseMs));
        const queue = [...claimed];
        const lane = async () => {
          for (let row = queue.shift(); row; row = queue.shift()) {
            const id = row.id;
            try {
              const at = ports.now();
              if (!(await ports.outbox.renew(id, workerId, new Date(at.getTime() + options.leaseMs), at))) {
                ports.log(`Outbox row ${id} was taken over by another worker while it waited here (its claim had expired); not sending it twice.`);
                continue;
              }
              await deliverRow(row, ports, options);
            } catch (error) {
              ports.log(`Outbox row ${id} could not be handled (it will be taken again when its claim expires): ${(error as Error).message}`);
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(options.concurrency, claimed.length) }, lane));
      } catch (error) {
        ports.log(`The outbox could not be read: ${(error as Error).message}. Trying again shortly.`);
      }
      if (claimed.length === 0) {
        for (const resolve of idleWaiters.splice(0)) resolve();
        if (!running) break;
        await ports.sleep(options.idleMs, waker.signal);
        if (waker.signal.aborted) waker = new AbortController();
      }
    }
    for (const resolve of idleWaiters.splice(0)) resolve();
  })();
  return {
    // Called on every sign-up: abort() without a reason builds a DOMException (with a stack) each time.
    wake: () => {
      if (!waker.signal.aborted) waker.abort('wake');
    },
    stop: async () => {
      running = false;
      if (!waker.signal.aborted) waker.abort('stop');
      await loop;
    },
    drained: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      if (!waker.signal.aborted) waker.abort('wake');
    }),
  };
}

/** A sleep that ends early when `wake` is aborted. */
export function wakeableSleep(ms: number, wake: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    }
    wake.addEventListener('abort', done, { once: true });
  });
}
