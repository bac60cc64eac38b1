import { ValidationError, type ValidationIssue } from '../errors/index.js';
import type { ResiliencePolicy } from './resilience-policy.js';

type NumberRule = { min: number; max?: number; integer?: boolean };

const BREAKER_RULES: Record<string, NumberRule> = {
  errorThresholdPercentage: { min: 0, max: 100 },
  volumeThreshold: { min: 0, integer: true },
  resetTimeoutMs: { min: 0 },
  rollingCountTimeoutMs: { min: 1 },
  rollingCountBuckets: { min: 1, integer: true },
};
const RETRY_RULES: Record<string, NumberRule> = {
  maxRetries: { min: 0, integer: true },
  baseDelayMs: { min: 0 },
  maxDelayMs: { min: 0 },
};

/** Checks `value` against `rule`, adding an issue at `path` when it fails. */
function checkNumber(issues: ValidationIssue[], path: string, value: unknown, rule: NumberRule): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: 'must be a finite number' });
  } else if (rule.integer === true && !Number.isInteger(value)) {
    issues.push({ path, message: 'must be an integer' });
  } else if (value < rule.min || (rule.max !== undefined && value > rule.max)) {
    issues.push({ path, message: `must be between ${rule.min} and ${rule.max ?? 'infinity'}` });
  }
}

/** Checks every field of a record against its rule. */
function checkRecord(
  issues: ValidationIssue[],
  prefix: string,
  value: object | undefined,
  rules: Record<string, NumberRule>,
): void {
  if (value === undefined) return;
  for (const [key, rule] of Object.entries(rules)) {
    checkNumber(issues, `${prefix}.${key}`, (value as Record<string, unknown>)[key], rule);
  }
}

/**
 * Throws a `ValidationError` listing every out-of-range number of a {@link ResiliencePolicy}
 * (negative timeouts, a threshold above 100 %, fractional retry counts …).
 *
 * @example
 * ```ts
 * validateResiliencePolicy({ retry: { maxRetries: -1 } }); // ValidationError: retry.maxRetries: must be between 0 and infinity
 * ```
 */
export function validateResiliencePolicy(policy: ResiliencePolicy): void {
  const issues: ValidationIssue[] = [];
  checkRecord(issues, 'breaker', policy.breaker, BREAKER_RULES);
  for (const [group, breaker] of Object.entries(policy.breakers ?? {})) {
    checkRecord(issues, `breakers.${group}`, breaker, BREAKER_RULES);
  }
  if (policy.retry !== false) checkRecord(issues, 'retry', policy.retry, RETRY_RULES);
  for (const [operation, ms] of Object.entries(policy.timeouts ?? {})) {
    checkNumber(issues, `timeouts.${operation}`, ms, { min: 0 });
  }
  checkNumber(issues, 'defaultTimeoutMs', policy.defaultTimeoutMs, { min: 0 });
  if (policy.random !== undefined && typeof policy.random !== 'function') {
    issues.push({ path: 'random', message: 'must be a function returning a number in [0, 1)' });
  }
  if (issues.length > 0) throw new ValidationError(issues, {}, 'resilience policy');
}
