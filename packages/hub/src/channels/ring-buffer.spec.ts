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
  describe('byte bound', () => {
    const bytes = { maxBytes: 3 * 1024 * 1024, sizeOf: (b: Buffer) => b.length };

    it('keeps at most maxBytes of 1 MB entries, the newest, however many lines it may hold', () => {
      const ring = new RingBuffer<Buffer>(1000, bytes);
      for (let i = 0; i < 50; i += 1) ring.push(Buffer.alloc(1_000_000, i));
      expect(ring.size).toBe(3);
      expect(ring.byteSize).toBe(3_000_000);
      expect(ring.toArray().map((b) => b[0])).toEqual([47, 48, 49]);
    });

    it('keeps a contiguous tail: an entry larger than maxBytes empties the ring and is not kept', () => {
      const ring = new RingBuffer<Buffer>(10, { maxBytes: 10, sizeOf: (b) => b.length });
      ring.push(Buffer.alloc(4));
      ring.push(Buffer.alloc(11));
      expect(ring.toArray()).toEqual([]);
      expect(ring.byteSize).toBe(0);
      ring.push(Buffer.alloc(6));
      ring.push(Buffer.alloc(4));
      ring.push(Buffer.alloc(1));
      expect(ring.toArray().map((b) => b.length)).toEqual([4, 1]);
      expect(ring.byteSize).toBe(5);
    });

    it('still honours the line capacity and keeps the byte count through wrap-around', () => {
      const ring = new RingBuffer<Buffer>(2, { maxBytes: 100, sizeOf: (b) => b.length });
      for (let i = 1; i <= 5; i += 1) ring.push(Buffer.alloc(i));
      expect(ring.toArray().map((b) => b.length)).toEqual([4, 5]);
      expect(ring.byteSize).toBe(9);
      ring.clear();
      expect(ring.byteSize).toBe(0);
    });
  });
});
