/** A pre-started container waiting in the pool, with its pre-generated session id. */
export interface PoolEntry {
  /** Session id written to `berth.session` when the container was created; the session adopts it. */
  sessionId: string;
  /** The container. */
  containerId: string;
  /** Its image. */
  image: string;
  /** When it was created. */
  createdAt: Date;
  /** When it expires unless taken (its `berth.expires` label). */
  expiresAt: Date;
}

/** What the pool needs from its owner. */
export interface WarmPoolDeps {
  /** Target size per image. */
  sizes: Record<string, number>;
  /** Creates, starts and probes one pool container. */
  create(image: string): Promise<PoolEntry>;
  /** Removes a pool container (errors are the callee's to swallow). */
  remove(entry: PoolEntry): Promise<void>;
  /** Called when a background refill fails. */
  onError?(err: unknown, image: string): void;
}

/**
 * Keeps N running containers per image ready to become sessions. {@link take} is synchronous and
 * starts a background refill; failed refills are retried on the next {@link fill} (the reaper's tick),
 * never in a hot loop.
 *
 * @example
 * ```ts
 * const pool = new WarmPool({ sizes: { 'berth/runtime:bookworm': 2 }, create, remove });
 * await pool.fill();
 * const entry = pool.take('berth/runtime:bookworm'); // a ready container, refilled behind your back
 * ```
 */
export class WarmPool {
  private readonly idle = new Map<string, PoolEntry[]>();
  private readonly inflight = new Map<string, Promise<void>[]>();
  private disposed = false;

  /** @param deps - sizes and container factory. */
  constructor(private readonly deps: WarmPoolDeps) {}

  /** Target size for `image` (0 when it is not pooled). */
  sizeOf(image: string): number {
    return this.deps.sizes[image] ?? 0;
  }

  /** Containers ready now for `image`. */
  available(image: string): number {
    return this.idle.get(image)?.length ?? 0;
  }

  /** Every idle entry (for inspection and recovery). */
  entries(): PoolEntry[] {
    return [...this.idle.values()].flat();
  }

  /** `true` when `containerId` is an idle pool container. */
  has(containerId: string): boolean {
    return this.entries().some((e) => e.containerId === containerId);
  }

  /** Takes a ready container for `image` (oldest first) and starts a refill; `undefined` when none is ready. */
  take(image: string): PoolEntry | undefined {
    const list = this.idle.get(image);
    const entry = list?.shift();
    if (entry !== undefined) void this.fillImage(image);
    return entry;
  }

  /** Adds an existing container (adopted after a restart) if the image is pooled and not full; else `false`. */
  adopt(entry: PoolEntry): boolean {
    if (this.disposed || this.available(entry.image) >= this.sizeOf(entry.image)) return false;
    this.listFor(entry.image).push(entry);
    return true;
  }

  /** Forgets a container that died or was removed elsewhere; `true` when it was in the pool. */
  forget(containerId: string): boolean {
    for (const list of this.idle.values()) {
      const i = list.findIndex((e) => e.containerId === containerId);
      if (i >= 0) {
        list.splice(i, 1);
        return true;
      }
    }
    return false;
  }

  /** Removes entries expired at `now`; resolves when they are removed. */
  async prune(now: number): Promise<void> {
    const expired: PoolEntry[] = [];
    for (const list of this.idle.values()) {
      for (let i = list.length - 1; i >= 0; i--) {
        const e = list[i];
        if (e !== undefined && e.expiresAt.getTime() <= now) expired.push(...list.splice(i, 1));
      }
    }
    await Promise.all(expired.map((e) => this.deps.remove(e)));
  }

  /** Tops every pooled image up to its size; resolves when the containers it started are ready (or failed). */
  async fill(): Promise<void> {
    await Promise.all(Object.keys(this.deps.sizes).map((image) => this.fillImage(image)));
  }

  /** Removes every idle container and stops refilling; waits for creations in flight and removes them too. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.inflight.values()].flat());
    const all = this.entries();
    this.idle.clear();
    await Promise.all(all.map((e) => this.deps.remove(e)));
  }

  private listFor(image: string): PoolEntry[] {
    let list = this.idle.get(image);
    if (list === undefined) {
      list = [];
      this.idle.set(image, list);
    }
    return list;
  }

  private async fillImage(image: string): Promise<void> {
    const running = this.inflight.get(image) ?? [];
    this.inflight.set(image, running);
    const missing = this.sizeOf(image) - this.available(image) - running.length;
    for (let i = 0; i < missing && !this.disposed; i++) {
      const p: Promise<void> = this.deps.create(image).then(
        async (entry) => {
          if (this.disposed) await this.deps.remove(entry);
          else this.listFor(image).push(entry);
        },
        (err: unknown) => this.deps.onError?.(err, image),
      );
      running.push(p);
      void p.finally(() => running.splice(running.indexOf(p), 1));
    }
    await Promise.all([...running]);
  }
}
