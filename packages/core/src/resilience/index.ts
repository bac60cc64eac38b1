export { abortableSleep } from './abortable-sleep.js';
export type {
  BreakerState,
  BreakerStateChange,
} from './breaker-state.js';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.js';
export { CircuitBreaker } from './circuit-breaker.js';
export type { BackoffOptions } from './full-jitter-delay.js';
export { fullJitterDelay } from './full-jitter-delay.js';
export type {
  OperationGroup,
  OperationName,
} from './operation-groups.js';
export {
  DEFAULT_IDEMPOTENT_OPERATIONS,
  OPERATION_GROUP,
  OPERATION_GROUPS,
} from './operation-groups.js';
export type {
  BreakerPolicy,
  ResiliencePolicy,
  ResolvedResiliencePolicy,
  RetryPolicy,
} from './resilience-policy.js';
export {
  DEFAULT_BREAKER_POLICY,
  DEFAULT_OPERATION_TIMEOUTS,
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
} from './resilience-policy.js';
export { applyResilience } from './resilience-setting.js';
export type { ResilientDriver } from './resilient-driver.js';
export type { ErrorClass, RetryHandlerOptions } from './retry-handler.js';
export { RetryHandler } from './retry-handler.js';
export type { ErrorContext } from './to-berth-error.js';
export { toBerthError } from './to-berth-error.js';
export { withResilience } from './with-resilience.js';
