/**
 * Runs tasks one at a time, in submission order. A failing task does not stop the ones after it.
 *
 * @example
 * ```ts
 * const q = new SerialQueue();
 * const [a, b] = await Promise.all([q.run(() => work(1)), q.run(() => work(2))]); // work(2) starts after work(1)
 * ```
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Number of tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Queues `task`; resolves or rejects with its outcome once every earlier task has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(task, task);
    const settle = (): void => {
      this.pending -= 1;
    };
    this.tail = result.then(settle, settle);
    return result;
  }

  /** Resolves when every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
