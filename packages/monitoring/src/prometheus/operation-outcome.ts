import { isBerthError } from '@berth/core';

/**
 * Outcome label of one driver call: `ok`; `error` (the backend failed: a retryable Berth error such as
 * `DriverUnavailableError`, `ContainerTimeoutError`, `CircuitOpenError`, or any non-Berth error); `rejected`
 * (the backend answered no: validation, not-found, conflict, security — these never count against error-rate
 * alerts, as they never trip a breaker); `aborted` (the caller's signal).
 */
export type OperationOutcome = 'ok' | 'error' | 'rejected' | 'aborted';

/** Classifies a rejection of a driver call. */
export function outcomeOf(err: unknown): Exclude<OperationOutcome, 'ok'> {
  if (isBerthError(err)) return err.retryable ? 'error' : 'rejected';
  if (err instanceof Error && err.name === 'AbortError') return 'aborted';
  return 'error';
}
