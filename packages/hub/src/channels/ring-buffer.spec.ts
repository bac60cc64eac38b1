import { RingBuffer } from './ring-buffer.js';

describe(RingBuffer.name, () => {
  describe('.push', () => {
    it('keeps the newest entries when full', () => {
      const ring = new RingBuffer<number>(3);
      for (let i = 1; i <= 5; i += 1) ring.push(i);
      expect(ring.toArray()).toEqual([3, 4, 5]);
      expect(ring.size).toBe(3);
    });
    it('keeps nothing with capacity 0', () => {
      const ring = new RingBuffer<number>(0);
      ring.push(1);
      expect(ring.toArray()).toEqual([]);
    });
  });
  describe('.tailWhile', () => {
    it('returns the newest run that satisfies the predicate, oldest first', () => {
      const ring = new RingBuffer<number>(4);
      for (let i = 1; i <= 6; i += 1) ring.push(i);
      expect(ring.tailWhile((n) => n > 4)).toEqual([5, 6]);
    });
  });
  describe('.clear', () => {
    it('empties the buffer', () => {
      const ring = new RingBuffer<number>(2);
      ring.push(1);
      ring.clear();
      expect(ring.toArray()).toEqual([]);
    });
  });
});
