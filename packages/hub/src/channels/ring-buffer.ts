/** Optional byte bound of a {@link RingBuffer}. */
export interface RingBufferBytes<T> {
  /** Total {@link sizeOf} kept at most; the oldest entries go first. */
  maxBytes: number;
  /** Size of one entry in bytes. */
  sizeOf: (item: T) => number;
}

/**
 * A bounded FIFO that drops its oldest entries: at most `capacity` entries and, with a byte bound, at most
 * `maxBytes` bytes in total. It always holds a contiguous run of the newest entries: an entry larger than
 * `maxBytes` on its own empties the buffer and is not kept. O(1) amortised push, no reallocation.
 *
 * @example
 * ```ts
 * const ring = new RingBuffer<string>(100, { maxBytes: 6, sizeOf: (s) => s.length });
 * ring.push('abc'); ring.push('de'); ring.push('fgh');
 * ring.toArray(); // ['de', 'fgh']
 * ```
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private readonly sizes: number[] | null;
  private start = 0;
  private count = 0;
  private used = 0;

  /**
   * @param capacity - max entries kept (0 keeps none).
   * @param bytes - optional byte bound.
   */
  constructor(
    readonly capacity: number,
    private readonly bytes?: RingBufferBytes<T>,
  ) {
    this.items = new Array<T | undefined>(capacity);
    this.sizes = bytes === undefined ? null : new Array<number>(capacity).fill(0);
  }

  /** Number of entries held. */
  get size(): number {
    return this.count;
  }

  /** Bytes held (0 without a byte bound). */
  get byteSize(): number {
    return this.used;
  }

  /** Appends, evicting the oldest entries while over either bound. */
  push(item: T): void {
    if (this.capacity === 0) return;
    const size = this.bytes === undefined ? 0 : this.bytes.sizeOf(item);
    if (this.bytes !== undefined && size > this.bytes.maxBytes) {
      this.clear();
      return;
    }
    if (this.count === this.capacity) this.shift();
    while (this.bytes !== undefined && this.count > 0 && this.used + size > this.bytes.maxBytes) this.shift();
    const at = (this.start + this.count) % this.capacity;
    this.items[at] = item;
    if (this.sizes !== null) this.sizes[at] = size;
    this.used += size;
    this.count += 1;
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
    this.sizes?.fill(0);
    this.start = 0;
    this.count = 0;
    this.used = 0;
  }

  private shift(): void {
    this.items[this.start] = undefined;
    if (this.sizes !== null) {
      this.used -= this.sizes[this.start] ?? 0;
      this.sizes[this.start] = 0;
    }
    this.start = (this.start + 1) % this.capacity;
    this.count -= 1;
  }
}
