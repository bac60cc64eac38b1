import { defer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DriverUnavailableError, ValidationError } from '../errors/index.js';
import { retryWithBackoff } from './retry-with-backoff.js';

describe(retryWithBackoff.name, () => {
  let scheduler: TestScheduler;
  const unavailable = new DriverUnavailableError('engine restarting');
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('retries retryable errors with exponential backoff and full jitter, then gives up', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, unavailable);
      // random 0.5, base 4: delays 2 then 4 frames
      const result = source.pipe(
        retryWithBackoff({ maxRetries: 2, baseDelayMs: 4, maxDelayMs: 100, random: () => 0.5, scheduler }),
      );
      expectObservable(result).toBe('------------#', undefined, unavailable);
      expectSubscriptions(source.subscriptions).toBe(['^-!', '----^-!', '----------^-!']);
    });
  });

  it('caps the delay at maxDelayMs', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('#', undefined, unavailable);
      // random ~1, base 4, max 5: delays 3 (floor 0.99*4), then 4 (floor 0.99*5), then 4
      const result = source.pipe(
        retryWithBackoff({ maxRetries: 3, baseDelayMs: 4, maxDelayMs: 5, random: () => 0.99, scheduler }),
      );
      expectObservable(result).toBe('-----------#', undefined, unavailable);
    });
  });

  it('resumes with the values of a successful retry', () => {
    scheduler.run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = defer(() => (attempt++ === 0 ? cold('-#', undefined, unavailable) : cold('-a|')));
      const result = source.pipe(retryWithBackoff({ baseDelayMs: 4, random: () => 0.5, scheduler }));
      expectObservable(result).toBe('----a|');
    });
  });

  it('does not retry non-retryable errors', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const invalid = new ValidationError([]);
      const source = cold('-#', undefined, invalid);
      expectObservable(source.pipe(retryWithBackoff({ scheduler }))).toBe('-#', undefined, invalid);
      expectSubscriptions(source.subscriptions).toBe(['^!']);
    });
  });

  it('asks shouldRetry when given', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const plain = new Error('plain');
      const source = cold('#', undefined, plain);
      const result = source.pipe(
        retryWithBackoff({ maxRetries: 1, baseDelayMs: 2, random: () => 0.5, shouldRetry: () => true, scheduler }),
      );
      expectObservable(result).toBe('-#', undefined, plain);
    });
  });
});
