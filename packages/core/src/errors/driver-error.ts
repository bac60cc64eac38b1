import { BerthError, isBerthError } from './berth-error.js';

/**
 * The seed's name (`@openagent/driver-interface`) for {@link BerthError}, the base of every error Berth throws:
 * the same class, so `err instanceof DriverError` holds for every Berth error (`ResourceLimitError`,
 * `ContainerNotFoundError` … — the seed's `ResourceLimitError extends DriverError` is true here through
 * `ContainerError`), `err.code` and `err.retryable` are the seed's fields, and the seed's constructor form
 * `new DriverError(message, code, retryable)` works. Prefer `BerthError` in new code.
 *
 * @example
 * ```ts
 * try { await driver.createContainer(config); }
 * catch (err) { if (err instanceof DriverError && err.retryable) console.log('retry later:', err.code); }
 * throw new DriverError('quota reached', 'QUOTA', false); // the seed's form
 * ```
 */
export const DriverError: typeof BerthError = BerthError;
/** The seed's name for {@link BerthError} (the type). */
export type DriverError = BerthError;

/**
 * The seed's `isDriverError(err)`: `true` for any Berth error, even from another copy of `@berth/core` (the same
 * test as {@link isBerthError}).
 */
export function isDriverError(err: unknown): err is DriverError {
  return isBerthError(err);
}
