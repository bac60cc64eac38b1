import { BerthError, isBerthError } from '@berth/core';

/**
 * Wraps anything an upstream or a hub operation threw into a plain {@link BerthError} (code `BERTH_ERROR`),
 * naming the container when known; a Berth error is returned unchanged. Unlike core's `toBerthError`, which
 * reports a foreign error as `DriverUnavailableError`, this keeps the hub's wire code for unknown failures.
 */
export function toHubError(err: unknown, containerId?: string): BerthError {
  if (isBerthError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new BerthError(message, containerId === undefined ? { cause: err } : { cause: err, containerId });
}
