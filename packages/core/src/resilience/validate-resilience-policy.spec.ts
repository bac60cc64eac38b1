import { ValidationError } from '../errors/index.js';
import { validateResiliencePolicy } from './validate-resilience-policy.js';

describe(validateResiliencePolicy.name, () => {
  it('accepts an empty policy and sensible values', () => {
    expect(() => validateResiliencePolicy({})).not.toThrow();
    expect(() =>
      validateResiliencePolicy({
        breaker: { errorThresholdPercentage: 50, volumeThreshold: 3 },
        retry: false,
        timeouts: { exec: 0, createContainer: 60_000 },
      }),
    ).not.toThrow();
  });

  it('throws ValidationError listing every bad field', () => {
    let caught: unknown;
    try {
      validateResiliencePolicy({
        breaker: { errorThresholdPercentage: 150 },
        breakers: { exec: { volumeThreshold: 1.5 } },
        retry: { maxRetries: -1 },
        timeouts: { getStats: Number.NaN },
        defaultTimeoutMs: -5,
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).issues.map((i) => i.path)).toEqual([
      'breaker.errorThresholdPercentage',
      'breakers.exec.volumeThreshold',
      'retry.maxRetries',
      'timeouts.getStats',
      'defaultTimeoutMs',
    ]);
  });
});
