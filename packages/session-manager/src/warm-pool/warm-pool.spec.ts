import { type PoolEntry, WarmPool } from './warm-pool.js';

function harness(size: number) {
  let n = 0;
  const removed: string[] = [];
  const pool = new WarmPool({
    sizes: { img: size },
    create: async (image) => {
      n += 1;
      return { sessionId: `s${n}`, containerId: `c${n}`, image, createdAt: new Date(0), expiresAt: new Date(1000 * n) };
    },
    remove: async (e: PoolEntry) => {
      removed.push(e.containerId);
    },
  });
  return { pool, removed };
}

describe(WarmPool.name, () => {
  describe('.fill', () => {
    it('creates containers up to the configured size', async () => {
      const { pool } = harness(2);
      await pool.fill();
      expect(pool.available('img')).toBe(2);
      await pool.fill();
      expect(pool.available('img')).toBe(2);
    });
  });

  describe('.take', () => {
    it('returns the oldest container and refills in the background', async () => {
      const { pool } = harness(2);
      await pool.fill();
      expect(pool.take('img')?.containerId).toBe('c1');
      await pool.fill();
      expect(pool.entries().map((e) => e.containerId)).toEqual(['c2', 'c3']);
    });

    it('returns undefined for an image that is not pooled', () => {
      expect(harness(1).pool.take('other')).toBeUndefined();
    });
  });

  describe('.prune', () => {
    it('removes expired containers', async () => {
      const { pool, removed } = harness(2);
      await pool.fill();
      await pool.prune(1500);
      expect(removed).toEqual(['c1']);
      expect(pool.available('img')).toBe(1);
    });
  });

  describe('.dispose', () => {
    it('removes every idle container', async () => {
      const { pool, removed } = harness(2);
      await pool.fill();
      await pool.dispose();
      expect(removed.sort()).toEqual(['c1', 'c2']);
      expect(pool.take('img')).toBeUndefined();
    });
  });
});
