import { BerthError, isBerthError } from '@berth/core';

/** Wraps anything thrown into a {@link BerthError} (unchanged when it already is one). */
export function toBerthError(err: unknown, containerId?: string): BerthError {
  if (isBerthError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new BerthError(message, containerId === undefined ? { cause: err } : { cause: err, containerId });
}
