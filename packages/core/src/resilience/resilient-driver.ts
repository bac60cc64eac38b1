import type { Observable } from 'rxjs';
import type { ContainerDriver } from '../contract/container-driver.js';
import type { BreakerState, BreakerStateChange } from './breaker-state.js';
import type { OperationGroup } from './operation-groups.js';

/**
 * A {@link ContainerDriver} guarded by circuit breakers, retries and timeouts (see `withResilience`),
 * with the breakers' state observable.
 */
export interface ResilientDriver extends ContainerDriver {
  /**
   * Every breaker transition (`closed → open → halfOpen → closed|open`), hot: subscribers see transitions
   * after they subscribe; read the current state with {@link breakerState}. Completes on `dispose()`.
   */
  readonly breakerState$: Observable<BreakerStateChange>;
  /** The current state of one group's breaker. */
  breakerState(group: OperationGroup): BreakerState;
  /** The driver being guarded. */
  readonly inner: ContainerDriver;
}
