/**
 * Requests sent to a worker thread and waiting for their replies, matched by id: the
 * bookkeeping both build workers' clients share (src/email/finishing.fs.ts,
 * src/prerender/worker-client.fs.ts).
 */
export class PendingReplies<T> {
  readonly #waiting = new Map<number, { resolve: (value: T) => void; reject: (error: Error) => void }>();
  #ids = 0;

  /** A new request: its id (to send) and the promise its reply settles. */
  open(): { id: number; reply: Promise<T> } {
    const id = ++this.#ids;
    const reply = new Promise<T>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    return { id, reply };
  }

  resolve(id: number, value: T): void {
    this.#waiting.get(id)?.resolve(value);
    this.#waiting.delete(id);
  }

  reject(id: number, error: Error): void {
    this.#waiting.get(id)?.reject(error);
    this.#waiting.delete(id);
  }

  /** Fails every request still waiting (the worker is gone). */
  rejectAll(error: Error): void {
    for (const { reject } of this.#waiting.values()) reject(error);
    this.#waiting.clear();
  }

  /** Requests not answered yet. */
  get waiting(): number {
    return this.#waiting.size;
  }
}
