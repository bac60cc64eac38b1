import { BerthError, type BerthErrorOptions } from './berth-error.js';

/**
 * Base of Berth's container errors (`ContainerNotFoundError`, `ContainerConflictError`, `ResourceLimitError`,
 * `ContainerTimeoutError`, `ContainerSecurityError`, `FileNotFoundError`), with the shape of the seed's
 * (`@openagent/driver-interface`) `ContainerError`: `containerId`, `operation` and `recoverable`, which mirrors
 * {@link BerthError.retryable}. Catch it with `instanceof ContainerError` or, across package copies,
 * `ContainerError.is(err)`.
 *
 * Two constructor forms: the seed's positional one and Berth's options object.
 *
 * @example
 * ```ts
 * throw new ContainerError('exec failed', 'c-1', 'exec', true); // the seed's form
 * throw new ContainerError('exec failed', { containerId: 'c-1', operation: 'exec' }, true); // Berth's form
 * try { await driver.startContainer(id); }
 * catch (err) { if (err instanceof ContainerError && err.recoverable) await retry(); }
 * ```
 */
export class ContainerError extends BerthError {
  /** Stable code of this error class: `BERTH_CONTAINER_ERROR`. */
  static override readonly code: string = 'BERTH_CONTAINER_ERROR';

  /**
   * The seed's form.
   *
   * @param message - what happened and what to do next.
   * @param containerId - the container concerned, if any.
   * @param operation - the operation that failed, if known.
   * @param recoverable - whether a retry may succeed (default `false`); read back as `recoverable` and `retryable`.
   */
  constructor(message: string, containerId?: string, operation?: string, recoverable?: boolean);
  /**
   * Berth's form.
   *
   * @param message - what happened and what to do next.
   * @param options - container, operation and cause.
   * @param retryable - whether a retry may succeed (default `false`).
   */
  constructor(message: string, options?: BerthErrorOptions, retryable?: boolean);
  constructor(
    message: string,
    containerOrOptions?: string | BerthErrorOptions,
    operationOrRetryable?: string | boolean,
    recoverable?: boolean,
  ) {
    if (typeof containerOrOptions === 'object' || typeof operationOrRetryable === 'boolean') {
      const options = typeof containerOrOptions === 'object' ? containerOrOptions : {};
      super(message, options, operationOrRetryable === true);
    } else {
      const options: BerthErrorOptions = {};
      if (containerOrOptions !== undefined) options.containerId = containerOrOptions;
      if (operationOrRetryable !== undefined) options.operation = operationOrRetryable;
      super(message, options, recoverable === true);
    }
  }

  /** The seed's name for {@link BerthError.retryable}: whether retrying the same call may succeed. */
  get recoverable(): boolean {
    return this.retryable;
  }
}
