const BRAND = Symbol.for('berth.error');

/** Constructor options shared by every {@link BerthError}. */
export interface BerthErrorOptions {
  /** The container concerned, if any. */
  containerId?: string;
  /** The driver operation that failed, e.g. `startContainer`. */
  operation?: string;
  /** The original error (engine error, system error …). */
  cause?: unknown;
}

/** The JSON form of a {@link BerthError}, as sent on the hub's wire. */
export interface BerthErrorJSON {
  /** Error class name, e.g. `ContainerNotFoundError`. */
  name: string;
  /** Stable code, e.g. `BERTH_CONTAINER_NOT_FOUND`. */
  code: string;
  /** Human message. */
  message: string;
  /** Whether retrying the same call may succeed. */
  retryable: boolean;
  /** The container concerned, if any. */
  containerId?: string;
  /** The operation that failed, if known. */
  operation?: string;
  /** Extra fields of the subclass (issues, resource, limit …). */
  details?: Record<string, unknown>;
  /** Message of the cause, if any (never its stack). */
  cause?: string;
}

/**
 * Base of every error Berth throws. Has a stable {@link code}, tells whether it is {@link retryable},
 * keeps the original error in `cause`, and serialises with {@link toJSON}. Use the static `is()` of each
 * class instead of `instanceof`: it works across duplicated package copies.
 *
 * @example
 * ```ts
 * try { await driver.startContainer(id); }
 * catch (err) { if (ContainerNotFoundError.is(err)) console.log('gone:', err.containerId); }
 * ```
 */
export class BerthError extends Error {
  /** Stable code of this error class. */
  static readonly code: string = 'BERTH_ERROR';
  /** Stable, machine-readable code. */
  readonly code: string;
  /** Whether retrying the same call may succeed. */
  readonly retryable: boolean;
  /** The container concerned, if any. */
  readonly containerId?: string;
  /** The driver operation that failed, if known. */
  readonly operation?: string;
  /**
   * Berth's form.
   *
   * @param message - what happened and what to do next.
   * @param options - container, operation and cause.
   * @param retryable - whether a retry may succeed (default from the class).
   */
  constructor(message: string, options?: BerthErrorOptions, retryable?: boolean);
  /**
   * The seed's `DriverError` form (`@openagent/driver-interface`): a code of the caller's own.
   *
   * @param message - what happened.
   * @param code - machine-readable code, e.g. `CONTAINER_START_FAILED` (the class's code when empty).
   * @param retryable - whether a retry may succeed (default `false`).
   */
  constructor(message: string, code: string, retryable?: boolean);
  constructor(message: string, optionsOrCode: BerthErrorOptions | string = {}, retryable = false) {
    const options = typeof optionsOrCode === 'string' ? {} : optionsOrCode;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code =
      typeof optionsOrCode === 'string' && optionsOrCode !== ''
        ? optionsOrCode
        : (new.target as typeof BerthError).code;
    this.retryable = retryable;
    if (options.containerId !== undefined) this.containerId = options.containerId;
    if (options.operation !== undefined) this.operation = options.operation;
  }

  /** `true` when `err` is a {@link BerthError} of this class (or a subclass), by code, across package copies. */
  static is<T extends BerthError>(this: { readonly code: string; readonly prototype: T }, err: unknown): err is T {
    if (!isBerthError(err)) return false;
    const wanted = this.code;
    if (wanted === BerthError.code) return true;
    return Object.prototype.isPrototypeOf.call(this.prototype, err) || codeLineage(err).includes(wanted);
  }

  /** Subclass-specific fields for {@link toJSON}. */
  protected details(): Record<string, unknown> | undefined {
    return undefined;
  }

  /** Plain-object form, safe to send over the wire (no stack, cause reduced to its message). */
  toJSON(): BerthErrorJSON {
    const json: BerthErrorJSON = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    if (this.containerId !== undefined) json.containerId = this.containerId;
    if (this.operation !== undefined) json.operation = this.operation;
    const details = this.details();
    if (details !== undefined) json.details = details;
    if (this.cause !== undefined) json.cause = this.cause instanceof Error ? this.cause.message : String(this.cause);
    return json;
  }
}

// The brand lives on the prototype so errors rebuilt by `errorFromJSON` carry it too.
Object.defineProperty(BerthError.prototype, BRAND, { value: true, enumerable: false });

/** Codes of the error's class chain (own class first). */
function codeLineage(err: BerthError): string[] {
  const codes: string[] = [];
  let proto: unknown = Object.getPrototypeOf(err);
  while (proto !== null && typeof proto === 'object') {
    const ctor = (proto as { constructor?: { code?: unknown } }).constructor;
    if (ctor !== undefined && typeof ctor.code === 'string') codes.push(ctor.code);
    proto = Object.getPrototypeOf(proto);
  }
  return codes;
}

/** `true` for any Berth error, even from another copy of `@berth/core`. */
export function isBerthError(err: unknown): err is BerthError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** `true` when `err` is a Berth error marked retryable. */
export function isRetryable(err: unknown): boolean {
  return isBerthError(err) && err.retryable;
}
