import { DEFAULT_IDEMPOTENT_OPERATIONS, type OperationGroup, type OperationName } from './operation-groups.js';
import { validateResiliencePolicy } from './validate-resilience-policy.js';

/** Circuit-breaker settings of one operation group (opossum options, in Berth's names). */
export interface BreakerPolicy {
  /** Failure percentage in the rolling window at which the breaker opens. Default: 50. */
  errorThresholdPercentage?: number;
  /** Minimum calls in the rolling window before the breaker may open. Default: 5. */
  volumeThreshold?: number;
  /** Time the breaker stays open before letting one probe call through (half-open), in ms. Default: 30000. */
  resetTimeoutMs?: number;
  /** Length of the rolling statistics window, in ms. Default: 10000. */
  rollingCountTimeoutMs?: number;
  /** Buckets in the rolling window (must divide the window evenly). Default: 10. */
  rollingCountBuckets?: number;
}

/** Retry settings (exponential backoff with full jitter). */
export interface RetryPolicy {
  /** Retries after the first attempt. Default: 3. */
  maxRetries?: number;
  /** Delay cap of the first retry in ms; doubles every retry. Default: 100. */
  baseDelayMs?: number;
  /** Upper bound of any delay, in ms. Default: 2000. */
  maxDelayMs?: number;
}

/**
 * How {@link withResilience} protects a driver. Every field is optional; the defaults are listed on each.
 *
 * @example
 * ```ts
 * const policy: ResiliencePolicy = {
 *   breaker: { resetTimeoutMs: 10_000 },
 *   breakers: { exec: { errorThresholdPercentage: 80 } },
 *   retry: { maxRetries: 5 },
 *   timeouts: { createContainer: 60_000 },
 * };
 * ```
 */
export interface ResiliencePolicy {
  /** Breaker settings shared by every group. Defaults: see {@link BreakerPolicy}. */
  breaker?: BreakerPolicy;
  /** Per-group overrides, merged over {@link breaker}. */
  breakers?: Partial<Record<OperationGroup, BreakerPolicy>>;
  /** Retry settings, or `false` to never retry. Defaults: see {@link RetryPolicy}. */
  retry?: RetryPolicy | false;
  /** Operations that may be retried (replaces the default set). Default: {@link DEFAULT_IDEMPOTENT_OPERATIONS}. */
  idempotentOperations?: Iterable<OperationName>;
  /**
   * Per-attempt timeout in ms per operation, overriding {@link defaultTimeoutMs}; `0` means none.
   * Defaults: `waitContainer` 0 and `exec` 0 (they last as long as the work; `ExecSpec.timeoutMs` bounds an
   * exec), `pullImage` 600000, `buildImage` 0 (a build lasts as long as its steps; abort it with its signal). `stopContainer`/`restartContainer` also get the call's grace period
   * (`StopOptions.timeoutMs`, default 10000) added.
   */
  timeouts?: Partial<Record<OperationName, number>>;
  /** Per-attempt timeout of every other operation, in ms; `0` means none. Default: 30000. */
  defaultTimeoutMs?: number;
  /** Number source in `[0, 1)` for the backoff jitter. Default: `Math.random`. */
  random?: () => number;
}

/** Defaults of {@link BreakerPolicy}. */
export const DEFAULT_BREAKER_POLICY: Readonly<Required<BreakerPolicy>> = Object.freeze({
  errorThresholdPercentage: 50,
  volumeThreshold: 5,
  resetTimeoutMs: 30_000,
  rollingCountTimeoutMs: 10_000,
  rollingCountBuckets: 10,
});

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<Required<RetryPolicy>> = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 100,
  maxDelayMs: 2000,
});

/** Default per-operation timeouts (see {@link ResiliencePolicy.timeouts}). */
export const DEFAULT_OPERATION_TIMEOUTS: Readonly<Partial<Record<OperationName, number>>> = Object.freeze({
  waitContainer: 0,
  exec: 0,
  pullImage: 600_000,
  buildImage: 0,
});

/** Default of {@link ResiliencePolicy.defaultTimeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A {@link ResiliencePolicy} with every default filled in. */
export interface ResolvedResiliencePolicy {
  /** Breaker settings per group. */
  breakers: Record<OperationGroup, Required<BreakerPolicy>>;
  /** Retry settings (`maxRetries: 0` when retries are off). */
  retry: Required<RetryPolicy>;
  /** Operations that may be retried. */
  idempotent: ReadonlySet<OperationName>;
  /** Per-attempt timeout of an operation in ms (`0` = none). */
  timeoutOf(operation: OperationName): number;
  /** Jitter source. */
  random: () => number;
}

/** Fills in the defaults of a {@link ResiliencePolicy}; a bad policy throws `ValidationError`. */
export function resolveResiliencePolicy(policy: ResiliencePolicy = {}): ResolvedResiliencePolicy {
  validateResiliencePolicy(policy);
  const shared = { ...DEFAULT_BREAKER_POLICY, ...definedOnly(policy.breaker) };
  const group = (g: OperationGroup): Required<BreakerPolicy> => ({ ...shared, ...definedOnly(policy.breakers?.[g]) });
  const timeouts = { ...DEFAULT_OPERATION_TIMEOUTS, ...definedOnly(policy.timeouts) };
  const defaultTimeout = policy.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    breakers: {
      lifecycle: group('lifecycle'),
      query: group('query'),
      exec: group('exec'),
      resources: group('resources'),
    },
    retry:
      policy.retry === false
        ? { ...DEFAULT_RETRY_POLICY, maxRetries: 0 }
        : { ...DEFAULT_RETRY_POLICY, ...definedOnly(policy.retry) },
    idempotent: new Set(policy.idempotentOperations ?? DEFAULT_IDEMPOTENT_OPERATIONS),
    timeoutOf: (operation) => Math.max(0, timeouts[operation] ?? defaultTimeout),
    random: policy.random ?? Math.random,
  };
}

/** Drops `undefined` values so they do not override defaults in a spread. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
