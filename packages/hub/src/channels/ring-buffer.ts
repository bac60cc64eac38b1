/**
 * A fixed-capacity FIFO that overwrites its oldest entry when full. O(1) push, no reallocation.
 *
 * @example
 * ```ts
 * const ring = new RingBuffer<number>(2);
 * ring.push(1); ring.push(2); ring.push(3);
 * ring.toArray(); // [2, 3]
 * ```
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  /** @param capacity - max entries kept (0 keeps none). */
  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of entries held. */
  get size(): number {
    return this.count;
  }

  /** Appends, evicting the oldest entry when full. */
  push(item: T): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count += 1;
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  /** Entries from oldest to newest that satisfy `keep`, scanning from the newest backwards until `keep` fails. */
  tailWhile(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.count - 1; i >= 0; i -= 1) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (!keep(item)) break;
      out.push(item);
    }
    return out.reverse();
  }

  /** Every entry, oldest first. */
  toArray(): T[] {
    return this.tailWhile(() => true);
  }

  /** Drops every entry. */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
  }
}
