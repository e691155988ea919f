/**
 * Delivers the mail outbox: claims due rows with a lease (so several server processes on
 * one database never send a row twice in normal operation), builds each message from the
 * build's notice emails and the subscriber as they are now, and sends it through the mail
 * port. What a failure means is decided as for the weekly send (nextStep), with the rules of
 * transactional mail: temporary failures are retried with backoff; permanent ones are
 * recorded with the reason. A row left "sending" by a crash is taken again when its lease runs out: a
 * duplicate confirmation is harmless, a lost one is not. Every I/O is a port.
 */
import { returnPathFor, type BounceSigning } from '../bounces/bounce-signing.ts';
import { buildMessage, type SenderIdentity } from '../email/message.ts';
import { nextStep } from '../mail/next-step.ts';
import type { OnPermanentBounce } from '../mail/permanent-bounce.ts';
import type { MailTransport, OutgoingMessage } from '../mail/transport.ts';
import type { Notices } from '../subscribers/flow.ts';
import { changeConfirmUrl, confirmUrl, manageUrl, unsubscribeUrl, type LinkSigning } from '../subscribers/links.ts';
import type { Subscriber, SubscriberStore } from '../subscribers/store.ts';
import type { Outbox, OutboxRow } from './outbox.ts';

export interface WorkerPorts {
  outbox: Outbox;
  store: Pick<SubscriberStore, 'byId'>;
  /** A 5.1.x refusal: the address does not exist (today: the store marks the subscriber bounced). */
  onPermanentBounce: OnPermanentBounce;
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
  const subscriber = await ports.store.byId(row.subscriberId);
  const wanted = row.kind === 'confirm' ? 'pending' : 'confirmed';
  if (!subscriber || subscriber.status !== wanted || (row.kind === 'change' && !subscriber.pendingEmail)) {
    const why = !subscriber ? 'subscriber was erased' : subscriber.status !== wanted ? `subscriber is ${subscriber.status}, no ${row.kind} email needed` : 'the new address was confirmed or withdrawn';
    await ports.outbox.markFinal(row.id, 'dropped', why, ports.now());
    return 'dropped';
  }
  // Outside the try: a missing build is not a failed delivery (the row is taken again when its claim runs out).
  const message = messageFor(row, subscriber, await ports.notices(), ports);
  try {
    const info = await ports.transport.send(message);
    await ports.outbox.markSent(row.id, info.messageId, ports.now());
    return 'sent';
  } catch (error) {
    return settleFailure(row, error, ports, options);
  }
}

/** The confirmation, welcome or new-address confirmation for the subscriber as they are now. */
function messageFor(row: OutboxRow, subscriber: Subscriber, notices: Notices, ports: WorkerPorts): OutgoingMessage {
  const common = { sender: ports.sender, recipient: subscriber, date: ports.now(), returnPath: returnPathFor(ports.bounce, subscriber.id) };
  if (row.kind === 'change') {
    // To the new address only, with a link signed over it; the current address keeps getting the issues meanwhile.
    const pendingEmail = subscriber.pendingEmail!;
    return buildMessage({
      ...common,
      recipient: { email: pendingEmail, firstName: null },
      template: notices.change,
      confirmUrl: changeConfirmUrl(ports.links, { id: subscriber.id, pendingEmail }, new Date(subscriber.pendingEmailAt ?? row.createdAt)),
      greetByName: false,
      messageKey: `change.${row.id}`,
      // A bounce from an address nobody confirmed must not mark the reader's current address bounced.
      returnPath: undefined,
    });
  }
  return row.kind === 'confirm'
    ? buildMessage({
        ...common,
        template: notices.confirm,
        // The link's week runs from the sign-up, not from a retry.
        confirmUrl: confirmUrl(ports.links, subscriber, new Date(row.createdAt)),
        greetByName: false,
        messageKey: `confirm.${row.id}`,
      })
    : buildMessage({ ...common, template: notices.welcome, unsubscribeUrl: unsubscribeUrl(ports.links, subscriber), manageUrl: manageUrl(ports.links, subscriber), messageKey: `welcome.${row.id}` });
}

/**
 * A failed delivery, by the rules every mail in the project shares (nextStep), as
 * transactional mail: a lost confirmation is worse than a duplicate, so whatever may pass
 * (a temporary failure, an uncertain one, credentials or a server the operator fixes) is
 * retried with backoff until the attempts run out.
 */
async function settleFailure(row: OutboxRow, error: unknown, ports: WorkerPorts, options: Required<Omit<WorkerOptions, 'workerId'>>): Promise<'retry' | 'failed'> {
  const reason = ports.transport.describeError(error);
  const policy = { kind: 'transactional', maxAttempts: options.maxAttempts, backoff: { baseMs: options.retryBaseMs, maxMs: options.maxBackoffMs } } as const;
  const step = nextStep(ports.transport.classify(error), row.attempts, policy);
  const at = ports.now();
  if (step.action === 'retry') {
    await ports.outbox.markRetry(row.id, reason, new Date(at.getTime() + step.afterMs), at);
    return 'retry';
  }
  if (step.action !== 'record') {
    await ports.outbox.markFinal(row.id, 'failed', `gave up after ${row.attempts} attempts: ${reason}`, at);
  } else if (step.outcome === 'bounced') {
    await ports.outbox.markFinal(row.id, 'failed', `address does not exist: ${reason}`, at);
    // A new address that does not exist says nothing about the reader's current one.
    if (row.kind !== 'change') await ports.onPermanentBounce({ subscriberId: row.subscriberId, reply: reason, source: { via: 'outbox', rowId: row.id }, at });
  } else {
    await ports.outbox.markFinal(row.id, 'failed', reason, at);
  }
  return 'failed';
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
