import { SessionLimitError } from '@berth/core';
import { jest } from '@jest/globals';
import { SlotLimiter } from './slot-limiter.js';

describe(SlotLimiter.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('.acquire', () => {
    it('throws SessionLimitError at once when full and no wait is asked', async () => {
      const slots = new SlotLimiter(1);
      await slots.acquire();
      await expect(slots.acquire()).rejects.toMatchObject({ code: SessionLimitError.code });
    });

    it('hands a released slot to the oldest waiter', async () => {
      const slots = new SlotLimiter(1);
      await slots.acquire();
      const waiting = slots.acquire(10_000);
      slots.release();
      await expect(waiting).resolves.toBeUndefined();
      expect(slots.inUse).toBe(1);
    });

    it('throws SessionLimitError when the wait times out', async () => {
      jest.useFakeTimers();
      const slots = new SlotLimiter(1);
      await slots.acquire();
      const waiting = slots.acquire(500);
      const check = expect(waiting).rejects.toMatchObject({ code: SessionLimitError.code });
      await jest.advanceTimersByTimeAsync(500);
      await check;
    });
  });

  describe('.force', () => {
    it('counts a slot over the limit, so a release does not free a real one', async () => {
      const slots = new SlotLimiter(1);
      await slots.acquire();
      slots.force();
      slots.release();
      await expect(slots.acquire()).rejects.toMatchObject({ code: SessionLimitError.code });
    });
  });
});
