import CircuitBreaker from 'opossum';
import { isRetryable } from '../errors/index.js';
import type { BreakerState } from './breaker-state.js';
import type { OperationGroup } from './operation-groups.js';
import type { BreakerPolicy } from './resilience-policy.js';
import { type Attempt, type AttemptContext, runAttempt } from './run-attempt.js';

/** The opossum breaker of one operation group; it fires {@link runAttempt}. */
export type GroupBreaker = CircuitBreaker<[Attempt, AttemptContext], unknown>;

/**
 * Creates the opossum breaker of one operation group. opossum's own timeout is off (timeouts are
 * per operation, see {@link runAttempt}); snapshots and percentiles are off (nothing reads them).
 * The `errorFilter` lets non-retryable errors (validation, not-found, conflict, security, aborts) pass as
 * successes: they say the backend answered, so they never trip the breaker.
 *
 * @param group - the group, used as the breaker's name.
 * @param policy - thresholds and windows.
 * @param onStateChange - called on every transition.
 */
export function createGroupBreaker(
  group: OperationGroup,
  policy: Required<BreakerPolicy>,
  onStateChange: (state: BreakerState) => void,
): GroupBreaker {
  const breaker: GroupBreaker = new CircuitBreaker(runAttempt, {
    name: `berth.${group}`,
    group: 'berth',
    timeout: false,
    errorThresholdPercentage: policy.errorThresholdPercentage,
    volumeThreshold: policy.volumeThreshold,
    resetTimeout: policy.resetTimeoutMs,
    rollingCountTimeout: policy.rollingCountTimeoutMs,
    rollingCountBuckets: policy.rollingCountBuckets,
    rollingPercentilesEnabled: false,
    enableSnapshots: false,
    errorFilter: (err: unknown) => !isRetryable(err),
  });
  breaker.on('open', () => onStateChange('open'));
  breaker.on('halfOpen', () => onStateChange('halfOpen'));
  breaker.on('close', () => onStateChange('closed'));
  return breaker;
}
