/**
 * Runs `fn` over `items` with at most `limit` calls in flight and settles them all, like `Promise.allSettled` over
 * `items.map(fn)` but bounded: tearing down 1,000 sessions or inspecting 1,000 containers at once starts 1,000
 * engine calls (or 1,000 process kills) together, which a 2-core host or a dockerd answers by stalling.
 *
 * Results are in the order of `items`; a `fn` that throws synchronously counts as rejected.
 *
 * @param items - what to run over.
 * @param limit - the most calls in flight (an integer ≥ 1).
 * @param fn - the call per item (gets the item and its index).
 * @returns one settled result per item, in order.
 * @throws RangeError when `limit` is not an integer ≥ 1.
 *
 * @example
 * ```ts
 * const results = await settleLimited(ids, 8, (id) => driver.removeContainer(id, { force: true }));
 * const failed = results.filter((r) => r.status === 'rejected').length;
 * ```
 */
export async function settleLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be an integer ≥ 1, got ${limit}`);
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = { status: 'fulfilled', value: await fn(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
