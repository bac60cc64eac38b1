import { describe, expect, it } from '@jest/globals';
import { interval, takeUntil } from 'rxjs';
import { DisposeSignal } from './dispose-signal.js';

describe(DisposeSignal.name, () => {
  describe('.fire', () => {
    it('completes a stream piped through takeUntil(disposing$) and answers true the first time', () => {
      const signal = new DisposeSignal();
      let completed = false;
      const sub = interval(60_000)
        .pipe(takeUntil(signal.disposing$))
        .subscribe({ complete: () => (completed = true) });
      expect(signal.fire()).toBe(true);
      expect(completed).toBe(true);
      expect(sub.closed).toBe(true);
    });

    describe('when called again', () => {
      it('answers false and emits nothing more', () => {
        const signal = new DisposeSignal();
        const seen: string[] = [];
        signal.disposing$.subscribe({ next: () => seen.push('next'), complete: () => seen.push('complete') });
        signal.fire();
        expect(signal.fire()).toBe(false);
        expect(seen).toEqual(['next', 'complete']);
      });
    });
  });
});
