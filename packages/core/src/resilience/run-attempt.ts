import { ContainerTimeoutError } from '../errors/index.js';
import type { OperationName } from './operation-groups.js';
import { toBerthError } from './to-berth-error.js';

/** One try of an operation, given the signal that cancels it. */
export type Attempt = (signal: AbortSignal) => Promise<unknown>;

/** What {@link runAttempt} needs to know about the try. */
export interface AttemptContext {
  /** The operation, for errors. */
  operation: OperationName;
  /** The container concerned, for errors. */
  containerId?: string;
  /** Timeout of this try in ms; `0` means none. */
  timeoutMs: number;
  /** Aborts the try; {@link runAttempt} aborts it itself (with the timeout error) when the timeout passes. */
  controller: AbortController;
}

/**
 * Runs one try: rejects with a `ContainerTimeoutError` after `timeoutMs` (and aborts the try's signal so
 * the driver can cancel), with the abort reason as soon as the controller aborts, and with a typed
 * `BerthError` (raw errors wrapped in `DriverUnavailableError`) when the try fails. The timer and the
 * abort listener are removed however it ends.
 */
export function runAttempt(attempt: Attempt, context: AttemptContext): Promise<unknown> {
  const { controller, operation, timeoutMs } = context;
  const { signal } = controller;
  const errorContext =
    context.containerId === undefined ? { operation } : { operation, containerId: context.containerId };
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<unknown>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        const err = new ContainerTimeoutError(
          operation,
          timeoutMs,
          context.containerId === undefined ? {} : { containerId: context.containerId },
        );
        finish();
        reject(err);
        controller.abort(err);
      }, timeoutMs);
    }
    new Promise<unknown>((r) => r(attempt(signal))).then(
      (value) => {
        finish();
        resolve(value);
      },
      (err: unknown) => {
        finish();
        reject(toBerthError(err, errorContext));
      },
    );
  });
}
