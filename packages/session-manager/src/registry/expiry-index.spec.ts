import { buildSession } from '../session/index.js';
import { ExpiryIndex, expiryDeadline } from './expiry-index.js';
import { newSessionRecord, type SessionRecord } from './session-record.js';

/** A record created at 0, expiring at `ttl`, idle `idle` ms after its last activity at 0. */
function record(id: string, ttl = 0, idle = 0): SessionRecord {
  const t = new Date(0);
  return newSessionRecord(
    buildSession({
      id,
      containerId: `c-${id}`,
      status: 'ready',
      agentType: 'python',
      image: 'img',
      createdAt: t,
      expiresAt: new Date(ttl),
      idleTimeoutMs: idle,
      fromWarmPool: false,
      driver: 'mock',
    }),
  );
}

const ids = (recs: SessionRecord[]): string[] => recs.map((r) => r.session.id);

describe('expiryDeadline', () => {
  it('is the earlier of the TTL and last activity + idle timeout', () => {
    expect(expiryDeadline(record('a', 500, 100))).toBe(100);
    expect(expiryDeadline(record('b', 50, 100))).toBe(50);
  });
});

describe(ExpiryIndex.name, () => {
  describe('.add', () => {
    it('makes a record due at its expiry deadline, not before', () => {
      const index = new ExpiryIndex();
      index.add(record('late', 900, 300));
      index.add(record('early', 200, 300));
      expect(index.due(199)).toEqual([]);
      expect(ids(index.due(299))).toEqual(['early']);
      expect(ids(index.due(300))).toEqual(['late']);
    });

    it('makes a record with an invalid date due at the next pass', () => {
      const index = new ExpiryIndex();
      index.add(record('bad', Number.NaN, 300));
      expect(ids(index.due(Number.MIN_SAFE_INTEGER))).toEqual(['bad']);
    });

    it('replaces the record held under the same id (one entry, the new record)', () => {
      const index = new ExpiryIndex();
      const old = record('a');
      const fresh = record('a');
      index.add(old);
      index.arm(old, 500);
      index.add(fresh);
      expect(index.size).toBe(1);
      const due = index.due(0);
      expect(due).toHaveLength(1);
      expect(due[0]).toBe(fresh);
    });
  });

  describe('.due', () => {
    it('hands out the records due at or before now, earliest first, and keeps the later ones', () => {
      const index = new ExpiryIndex();
      const recs = ['a', 'b', 'c', 'd', 'e'].map((id) => record(id));
      for (const r of recs) index.add(r);
      index.due(0);
      const times = [50, 10, 40, 20, 30];
      for (const [i, r] of recs.entries()) index.arm(r, times[i] as number);
      expect(ids(index.due(30))).toEqual(['b', 'd', 'e']);
      expect(ids(index.due(30))).toEqual([]);
      expect(ids(index.due(1_000))).toEqual(['c', 'a']);
    });

    it('never hands out a record again until it is armed', () => {
      const index = new ExpiryIndex();
      const a = record('a');
      index.add(a);
      expect(ids(index.due(0))).toEqual(['a']);
      expect(index.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
      expect(index.size).toBe(1);
      index.arm(a, 5);
      expect(ids(index.due(5))).toEqual(['a']);
    });

    it('keeps the heap order through many arms and deletes (matches a sorted list)', () => {
      const index = new ExpiryIndex();
      const expected = new Map<string, number>();
      let seed = 7;
      const rand = (n: number): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return (seed >>> 16) % n;
      };
      const recs = Array.from({ length: 200 }, (_, i) => record(`s${i}`));
      for (const r of recs) index.add(r);
      index.due(0);
      for (const r of recs) {
        const at = rand(10_000);
        index.arm(r, at);
        expected.set(r.session.id, at);
      }
      for (let i = 0; i < 300; i += 1) {
        const r = recs[rand(recs.length)] as SessionRecord;
        if (rand(4) === 0) {
          index.delete(r.session.id);
          expected.delete(r.session.id);
        } else if (expected.has(r.session.id)) {
          const at = rand(10_000);
          index.arm(r, at);
          expected.set(r.session.id, at);
        }
      }
      const got = index.due(10_000).map((r) => expected.get(r.session.id));
      expect(got).toEqual([...expected.values()].sort((x, y) => x - y));
      expect(got).toHaveLength(index.size);
    });
  });

  describe('.delete', () => {
    it('forgets a record in the heap', () => {
      const index = new ExpiryIndex();
      for (const id of ['a', 'b', 'c']) index.add(record(id));
      index.delete('b');
      expect(ids(index.due(0)).sort()).toEqual(['a', 'c']);
      expect(index.size).toBe(2);
    });

    it('forgets a handed-out record, so arming it afterwards does nothing', () => {
      const index = new ExpiryIndex();
      const a = record('a');
      index.add(a);
      index.due(0);
      index.delete('a');
      index.arm(a, 1);
      expect(index.size).toBe(0);
      expect(index.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    });
  });

  describe('.arm', () => {
    it('moves a record still in the heap earlier or later', () => {
      const index = new ExpiryIndex();
      const [a, b] = [record('a'), record('b')];
      index.add(a);
      index.add(b);
      index.due(0);
      index.arm(a, 100);
      index.arm(b, 200);
      index.arm(b, 50);
      index.arm(a, 300);
      expect(ids(index.due(1_000))).toEqual(['b', 'a']);
    });

    it('ignores a record that is not the one held under its id', () => {
      const index = new ExpiryIndex();
      index.add(record('a'));
      index.due(0);
      index.arm(record('a'), 1);
      expect(index.due(Number.MAX_SAFE_INTEGER)).toEqual([]);
    });

    it('treats NaN as the next pass', () => {
      const index = new ExpiryIndex();
      const [a, b] = [record('a'), record('b')];
      index.add(a);
      index.add(b);
      index.due(0);
      index.arm(b, 10);
      index.arm(a, Number.NaN);
      expect(ids(index.due(0))).toEqual(['a']);
    });
  });
});
