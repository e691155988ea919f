/**
 * Writes one sender's "sending" and "sent" marks in group commits, the sender's main
 * database cost. Each message is marked "sending" just before it goes to the transport; the
 * marks asked for in the same turn of the event loop share one commit, and every "sent" mark
 * waiting at that moment rides in the same commit.
 *
 * That bounds what a crash can leave uncertain. A send slot that finishes a message asks for
 * its next message's mark in the same turn, so the finished message's "sent" is committed
 * together with (never after) the next one's "sending"; a "sent" with no mark to ride with
 * (the slot has nothing more to send right now) gets a commit of its own on the next turn.
 * Each slot therefore has at most one row "sending" at any moment, and a crash leaves at most
 * one uncertain row per slot, each of them a message that had been handed to the transport.
 */
import type { AcceptedMessage, Ledger } from './ledger.ts';

type MarkLedger = Pick<Ledger, 'markSendingMany' | 'markSent'>;
type Target = { issue: number; senderId: string; now: () => Date };

interface Mark {
  subscriberId: number;
  resolve: (attempt: number | undefined) => void;
  reject: (error: unknown) => void;
}

export class LedgerWriter {
  #marks: Mark[] = [];
  #accepted: AcceptedMessage[] = [];
  #scheduled = false;
  readonly #commits = new Set<Promise<unknown>>();

  readonly #ledger: MarkLedger;
  readonly #target: Target;
  readonly #fail: (error: unknown) => void;

  /** `fail` gets a failed commit's error when "sent" marks were in it (the marks' own callers get it too). */
  constructor(ledger: MarkLedger, target: Target, fail: (error: unknown) => void) {
    this.#ledger = ledger;
    this.#target = target;
    this.#fail = fail;
  }

  /** Marks a row "sending" in the next group commit; its attempt number, or undefined when the claim was lost or the subscriber left. */
  markSending(subscriberId: number): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.#marks.push({ subscriberId, resolve, reject });
      this.#schedule();
    });
  }

  /** Records an accepted message as sent in the next group commit. */
  accepted(message: AcceptedMessage): void {
    this.#accepted.push(message);
    this.#schedule();
  }

  /** Commits what is waiting and resolves once every commit so far has finished. */
  async flush(): Promise<void> {
    if (this.#scheduled) this.#commit();
    await Promise.all([...this.#commits].map((c) => c.catch(() => undefined)));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#commit());
  }

  #commit(): void {
    if (!this.#scheduled) return;
    this.#scheduled = false;
    const marks = this.#marks;
    const accepted = this.#accepted;
    this.#marks = [];
    this.#accepted = [];
    const { issue, senderId, now } = this.#target;
    const commit =
      marks.length > 0
        ? this.#ledger.markSendingMany(issue, marks.map((m) => m.subscriberId), senderId, now(), accepted).then(
            (attempts) => marks.forEach((m) => m.resolve(attempts.get(m.subscriberId))),
            (error: unknown) => {
              marks.forEach((m) => m.reject(error));
              if (accepted.length > 0) this.#fail(error);
            },
          )
        : this.#ledger.markSent(issue, accepted, now()).catch(this.#fail);
    this.#commits.add(commit);
    void commit.finally(() => this.#commits.delete(commit));
  }
}
