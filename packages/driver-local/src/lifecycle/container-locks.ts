/**
 * Serialises lifecycle operations per container (start, stop, restart, remove of one container never
 * interleave; different containers run in parallel). A failed operation does not block the next one.
 */
export class ContainerLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier operation on container `id` settled. */
  async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.#tails.set(id, settled);
    try {
      return await next;
    } finally {
      if (this.#tails.get(id) === settled) this.#tails.delete(id);
    }
  }
}
