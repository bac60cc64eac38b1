import { BerthError, type BerthErrorOptions } from '@berth/core';

/**
 * No interpreter context with that id (never created, closed, or its session was cleaned up).
 *
 * @example
 * ```ts
 * try { await manager.runInContext('nope', 'x = 1'); }
 * catch (err) { if (ContextNotFoundError.is(err)) console.log(err.contextId); }
 * ```
 */
export class ContextNotFoundError extends BerthError {
  /** Stable code of this error class: `BERTH_CONTEXT_NOT_FOUND`. */
  static override readonly code: string = 'BERTH_CONTEXT_NOT_FOUND';
  /** The unknown context id. */
  readonly contextId: string;

  /**
   * @param contextId - the unknown id.
   * @param options - context.
   */
  constructor(contextId: string, options: BerthErrorOptions = {}) {
    super(`Context ${contextId} not found; create one with createContext`, options);
    this.contextId = contextId;
  }

  protected override details(): Record<string, unknown> {
    return { contextId: this.contextId };
  }
}
