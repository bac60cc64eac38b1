/** Something that can be corked for the rest of an event-loop turn. */
export interface Corkable {
  /** `true` while corked by a {@link CorkBatch}. */
  corked: boolean;
  /** Uncorks (called once per turn by the batch). */
  uncork(): void;
}

/**
 * Collects corked writers during an event-loop turn and uncorks them all in one `process.nextTick`, so a
 * fan-out burst leaves each socket in one write without a callback per socket and message.
 */
export class CorkBatch {
  private pending: Corkable[] = [];
  private scheduled = false;

  /** Registers a writer the caller has just corked (and marked `corked`). */
  add(writer: Corkable): void {
    this.pending.push(writer);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const writers = this.pending;
    this.pending = [];
    for (const writer of writers) {
      writer.corked = false;
      writer.uncork();
    }
  };
}
