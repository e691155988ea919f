/**
 * What a failed message does to the weekly send: nextStep (shared with the signup outbox)
 * decides the message's fate, this file writes it to the ledger, and the RunGuard decides
 * whether the whole run must stop (credentials refused, a run of policy rejections, a server
 * that cannot be reached).
 */
import { nextStep, type RetryPolicy, type Step } from '../mail/next-step.ts';
import type { OnPermanentBounce } from '../mail/permanent-bounce.ts';
import type { MailTransport, Verdict } from '../mail/transport.ts';
import type { Ledger } from './ledger.ts';
import type { Work, WorkQueue } from './work-queue.ts';

export type StopReason = 'interrupted' | 'auth' | 'policy' | 'unreachable';
export interface Stop {
  reason: StopReason;
  message: string;
}

/** What this sender did in this run. */
export interface RunCounts {
  sent: number;
  failed: number;
  bounced: number;
  skipped: number;
  retried: number;
  /** Connections lost after the whole message was handed over: the server may have taken them. */
  uncertain: number;
}

type FailureTransport = Pick<MailTransport, 'classify' | 'describeError' | 'describe' | 'remedy'>;

/** Counts failures in a row that say every further message would fail too. Pure. */
export class RunGuard {
  #policy = 0;
  #unreachable = 0;
  readonly #limits: { policyStopAfter: number; unreachableStopAfter: number };

  constructor(limits: { policyStopAfter: number; unreachableStopAfter: number }) {
    this.#limits = limits;
  }

  /** A message was accepted: the streaks start again. */
  accepted(): void {
    this.#policy = 0;
    this.#unreachable = 0;
  }

  /** A reason to stop the run after this failure, if there is one. */
  failed(verdict: Verdict, step: Step, response: string, sentSoFar: number, transport: FailureTransport): Stop | undefined {
    if (step.action === 'halt') {
      return { reason: 'auth', message: `The mail service refused to send ("${response}"). ${transport.remedy.stop}, then run the same command again.` };
    }
    if (verdict === 'policy' && ++this.#policy >= this.#limits.policyStopAfter) {
      return {
        reason: 'policy',
        message: `The server rejected ${this.#policy} messages in a row for policy reasons (last: "${response}"). Check your sending domain's SPF/DKIM/DMARC and your provider's limits.`,
      };
    }
    if (verdict === 'unreachable' && (sentSoFar === 0 || ++this.#unreachable >= this.#limits.unreachableStopAfter)) {
      return { reason: 'unreachable', message: `Cannot reach ${transport.describe()}: ${response}. Nothing more was sent; ${transport.remedy.unreachable}, then run the same command again.` };
    }
    return undefined;
  }
}

export interface FailureContext {
  issue: number;
  ledger: Pick<Ledger, 'markQueued' | 'markFinal'>;
  transport: FailureTransport;
  onPermanentBounce: OnPermanentBounce;
  policy: RetryPolicy;
  queue: Pick<WorkQueue, 'retryLater'>;
  guard: RunGuard;
  run: RunCounts;
  now: () => Date;
  stopped: () => boolean;
  stop: (stop: Stop) => void;
}

/** Applies the verdict on a failed message; returns whether the message is finished (false: it waits for a retry or the next run). */
export async function settleFailure(ctx: FailureContext, work: Work, attempt: number, error: unknown): Promise<boolean> {
  const { issue, ledger, run } = ctx;
  const id = work.delivery.subscriberId;
  const response = ctx.transport.describeError(error);
  const verdict = ctx.transport.classify(error);
  const step = nextStep(verdict, attempt, ctx.policy);
  const stop = ctx.guard.failed(verdict, step, response, run.sent, ctx.transport);
  if (stop) ctx.stop(stop);
  let finished = true;
  if (step.action === 'record') {
    await ledger.markFinal(issue, id, step.outcome, response, ctx.now());
    if (step.outcome === 'bounced') await ctx.onPermanentBounce({ subscriberId: id, reply: response, source: { via: 'send', issue }, at: ctx.now() });
    run[step.outcome]++;
  } else {
    // Not accepted: back to the queue, still claimed by this sender (released if the run stops).
    await ledger.markQueued(issue, id, response, ctx.now());
    if (step.action === 'retry' && !ctx.stopped()) {
      run.retried++;
      ctx.queue.retryLater(work, step.afterMs);
      finished = false;
    }
  }
  return finished;
}
