import type { OperationGroup } from './operation-groups.js';

/** State of a circuit breaker: `closed` (calls flow), `open` (calls fail fast), `halfOpen` (one probe may pass). */
export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** A breaker changed state; emitted by `ResilientDriver.breakerState$`. */
export interface BreakerStateChange {
  /** The operation group of the breaker. */
  group: OperationGroup;
  /** The new state. */
  state: BreakerState;
  /** When it changed. */
  at: Date;
}
