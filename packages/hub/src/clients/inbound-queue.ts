/** Bounds of one connection's {@link InboundQueue}. */
export interface InboundQueueLimits {
  /** Messages waiting (plus requests still running in the background) above which the client is flooding. */
  maxMessages: number;
  /** Bytes of waiting messages above which the client is flooding. */
  maxBytes: number;
}

/** One unit of work: runs synchronously, or returns a promise the queue waits for before the next. */
export type InboundTask = () => void | Promise<void>;

interface Entry {
  weight: number;
  task: InboundTask;
}

/**
 * Runs one connection's messages one after the other, in arrival order. A task that finishes synchronously
 * costs no queue slot; while a task is awaited, later messages wait here. Beyond {@link InboundQueueLimits}
 * the queue calls `onOverflow` once, drops what waits and refuses everything after (the owner closes the
 * connection), so a flooding client never makes it grow without bound.
 *
 * @example
 * ```ts
 * const queue = new InboundQueue({ maxMessages: 1024, maxBytes: 16 << 20 }, () => ws.close(4429));
 * ws.on('message', (data) => queue.push(data.length, () => handle(data)));
 * ```
 */
export class InboundQueue {
  private entries: Entry[] = [];
  private head = 0;
  private bytes = 0;
  private running = false;
  private held = 0;
  private stopped = false;
  /** Highest number of waiting plus held messages seen. */
  peak = 0;

  /**
   * @param limits - the bounds.
   * @param onOverflow - called once when a push would exceed a bound.
   * @param onPeak - called with the new {@link peak} whenever it rises (for the hub's counters).
   */
  constructor(
    private readonly limits: InboundQueueLimits,
    private readonly onOverflow: (pending: number, bytes: number) => void,
    private readonly onPeak: (pending: number) => void = () => undefined,
  ) {}

  /** Messages waiting plus requests held (running in the background). */
  get pending(): number {
    return this.entries.length - this.head + this.held;
  }

  /** Bytes of the messages waiting. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /**
   * Runs `task` now if nothing is in progress, else queues it.
   *
   * @param weight - the message's size in bytes.
   * @returns `false` when the queue overflowed (now or before) and the task was dropped.
   */
  push(weight: number, task: InboundTask): boolean {
    if (this.stopped) return false;
    if (!this.running && this.pending === 0) {
      this.drain(task);
      return true;
    }
    if (this.pending + 1 > this.limits.maxMessages || this.bytes + weight > this.limits.maxBytes) {
      const pending = this.pending + 1;
      const bytes = this.bytes + weight;
      this.stop();
      this.onOverflow(pending, bytes);
      return false;
    }
    this.entries.push({ weight, task });
    this.bytes += weight;
    this.notePeak();
    if (!this.running) this.drain(undefined);
    return true;
  }

  /**
   * Counts a request that runs in the background (answered when done) against the bound until it settles,
   * without holding up the messages after it.
   */
  hold(work: Promise<unknown>): void {
    this.held += 1;
    this.notePeak();
    const release = (): void => {
      this.held -= 1;
    };
    work.then(release, release);
  }

  /** Drops what waits and refuses every later push (the connection closed). */
  stop(): void {
    this.stopped = true;
    this.entries = [];
    this.head = 0;
    this.bytes = 0;
  }

  private drain(first: InboundTask | undefined): void {
    this.running = true;
    let task = first ?? this.take();
    while (task !== undefined) {
      let result: void | Promise<void>;
      try {
        result = task();
      } catch {
        result = undefined; // a task reports its own errors; a throw must not stall the connection
      }
      if (result instanceof Promise) {
        result.then(
          () => this.drain(undefined),
          () => this.drain(undefined),
        );
        return;
      }
      task = this.take();
    }
    this.running = false;
  }

  private take(): InboundTask | undefined {
    if (this.stopped || this.head >= this.entries.length) {
      this.entries = [];
      this.head = 0;
      return undefined;
    }
    const entry = this.entries[this.head] as Entry;
    this.entries[this.head] = undefined as unknown as Entry;
    this.head += 1;
    this.bytes -= entry.weight;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return entry.task;
  }

  private notePeak(): void {
    if (this.pending > this.peak) {
      this.peak = this.pending;
      this.onPeak(this.peak);
    }
  }
}
