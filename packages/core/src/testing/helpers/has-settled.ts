/**
 * `true` when `promise` has settled (resolved or rejected) after `turns` turns of the event loop (`setImmediate`),
 * `false` when it is still pending then. For specs that prove something has *not* happened yet (an `opened` that waits
 * for a stream) without a wall-clock wait. A rejection is observed here, so it is never reported as unhandled.
 *
 * @example
 * ```ts
 * expect(await hasSettled(events.opened)).toBe(false); // a stream is still not open
 * ```
 */
export async function hasSettled(promise: Promise<unknown>, turns = 5): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}
