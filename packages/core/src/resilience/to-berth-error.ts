import { type BerthError, DriverUnavailableError, isBerthError } from '../errors/index.js';

/** Context added to an error wrapped by {@link toBerthError}. */
export interface ErrorContext {
  /** The operation that failed, e.g. `getStats`. */
  operation?: string;
  /** The container concerned. */
  containerId?: string;
}

/**
 * Returns `err` unchanged when it already is a {@link BerthError}; otherwise wraps it in a
 * `DriverUnavailableError` that keeps the original in `cause`. Drivers and helpers use it so callers only
 * ever see typed errors.
 *
 * @example
 * ```ts
 * try { await engine.ping(); } catch (err) { throw toBerthError(err, { operation: 'healthCheck' }); }
 * ```
 */
export function toBerthError(err: unknown, context: ErrorContext = {}): BerthError {
  if (isBerthError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const what = context.operation === undefined ? 'Driver operation' : context.operation;
  return new DriverUnavailableError(`${what} failed: ${message}`, { ...context, cause: err });
}
