import type { SessionRecord } from '../registry/index.js';
import { newSessionRecord, SessionRegistry } from '../registry/index.js';
import { buildSession, type SessionStatus } from '../session/index.js';
import { dueExpiries, expiringSessions, nextCheckAt } from './session-reaper.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A session created at T0 that expires at T0 + 1000 s, idle after 100 s, last active at `activeAt`. */
function record(id: string, status: SessionStatus = 'ready', activeAt = T0): SessionRecord {
  return newSessionRecord(
    buildSession({
      id,
      containerId: `c-${id}`,
      status,
      agentType: 'python',
      image: 'img',
      createdAt: new Date(T0),
      expiresAt: new Date(T0 + 1_000_000),
      lastActivityAt: new Date(activeAt),
      idleTimeoutMs: 100_000,
      fromWarmPool: false,
      driver: 'mock',
    }),
  );
}

describe('expiringSessions', () => {
  it('expires every session past its TTL, whatever it is doing, with reason ttl', () => {
    const recs = [record('a'), record('b', 'busy'), record('c', 'dead')];
    expect(expiringSessions(recs, T0 + 1_000_000).map(([r, why]) => [r.session.id, why])).toEqual([
      ['a', 'ttl'],
      ['b', 'ttl'],
      ['c', 'ttl'],
    ]);
  });

  it('expires an idle session once its idle timeout passed since its last activity, with reason idle', () => {
    const recs = [record('old', 'ready', T0), record('recent', 'ready', T0 + 50_000)];
    expect(expiringSessions(recs, T0 + 99_999)).toEqual([]);
    expect(expiringSessions(recs, T0 + 100_000).map(([r, why]) => [r.session.id, why])).toEqual([['old', 'idle']]);
  });

  it('never calls a busy session or one with queued runs idle', async () => {
    const busy = record('busy', 'busy');
    const queued = record('queued');
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const running = queued.queue.run(() => gate);
    expect(expiringSessions([busy, queued], T0 + 500_000)).toEqual([]);
    release();
    await running;
    expect(expiringSessions([queued], T0 + 500_000).map(([r]) => r.session.id)).toEqual(['queued']);
  });

  it('skips sessions being created or cleaned up', () => {
    const creating = record('creating', 'creating');
    const cleaning = record('cleaning');
    cleaning.cleaning = Promise.resolve();
    expect(expiringSessions([creating, cleaning], T0 + 2_000_000)).toEqual([]);
  });
});

/** A registry holding `recs`. */
function registryOf(recs: SessionRecord[]): SessionRegistry {
  const registry = new SessionRegistry();
  for (const r of recs) registry.add(r);
  return registry;
}

const idsOf = (expiring: [SessionRecord, string][]): [string, string][] =>
  expiring.map(([r, why]) => [r.session.id, why]);

describe('nextCheckAt', () => {
  it('is the earlier of the TTL and the idle deadline while that is ahead', () => {
    expect(nextCheckAt(record('a', 'ready', T0 + 5_000), T0)).toBe(T0 + 105_000);
    const nearTtl = record('b', 'ready', T0 + 950_000);
    expect(nextCheckAt(nearTtl, T0)).toBe(T0 + 1_000_000);
  });

  it('is now (the next pass) once that deadline has passed', () => {
    expect(nextCheckAt(record('busy', 'busy'), T0 + 300_000)).toBe(T0 + 300_000);
  });
});

describe('dueExpiries', () => {
  it('reads no session that is not due (a pass does not scan every live session)', () => {
    const recs = Array.from({ length: 100 }, (_, i) => record(`s${i}`, 'ready', T0 + i * 1_000));
    const registry = registryOf(recs);
    expect(dueExpiries(registry, T0)).toEqual([]); // first look at each: arms it at its deadline
    let reads = 0;
    for (const r of recs) {
      const session = r.session;
      Object.defineProperty(r, 'session', {
        get: () => {
          reads += 1;
          return session;
        },
      });
    }
    expect(dueExpiries(registry, T0 + 50_000)).toEqual([]);
    expect(reads).toBe(0);
    expect(idsOf(dueExpiries(registry, T0 + 101_000))).toEqual([
      ['s0', 'idle'],
      ['s1', 'idle'],
    ]);
    expect(reads).toBeGreaterThan(0);
  });

  it('expires a session touched after a pass at its new idle deadline, not the old one', () => {
    const rec = record('a');
    const registry = registryOf([rec]);
    dueExpiries(registry, T0);
    rec.session.lastActivityAt = new Date(T0 + 60_000);
    expect(dueExpiries(registry, T0 + 100_000)).toEqual([]);
    expect(dueExpiries(registry, T0 + 159_999)).toEqual([]);
    expect(idsOf(dueExpiries(registry, T0 + 160_000))).toEqual([['a', 'idle']]);
  });

  it('expires a session busy past its idle deadline at the first pass after it is idle again', () => {
    const rec = record('a', 'busy');
    const registry = registryOf([rec]);
    expect(dueExpiries(registry, T0 + 200_000)).toEqual([]);
    expect(dueExpiries(registry, T0 + 210_000)).toEqual([]);
    rec.session.status = 'ready';
    expect(idsOf(dueExpiries(registry, T0 + 220_000))).toEqual([['a', 'idle']]);
  });

  it('returns an expiring session again at the next pass while it is still registered and not being cleaned up', () => {
    const rec = record('a');
    const registry = registryOf([rec]);
    expect(idsOf(dueExpiries(registry, T0 + 100_000))).toEqual([['a', 'idle']]);
    rec.cleaning = Promise.resolve();
    expect(dueExpiries(registry, T0 + 110_000)).toEqual([]);
    rec.cleaning = undefined; // the clean-up failed: retried
    expect(idsOf(dueExpiries(registry, T0 + 120_000))).toEqual([['a', 'idle']]);
    registry.delete('a');
    expect(dueExpiries(registry, T0 + 130_000)).toEqual([]);
  });

  it('finds what a scan of every registered session finds, pass after pass (seeded random activity)', () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return (seed >>> 16) % n;
    };
    const registry = new SessionRegistry();
    let next = 0;
    let now = T0;
    for (let pass = 0; pass < 200; pass += 1) {
      for (let k = rand(4); k > 0; k -= 1) registry.add(record(`s${next++}`, 'ready', now));
      for (const r of registry.all()) {
        const roll = rand(20);
        if (roll === 0) r.session.lastActivityAt = new Date(now);
        else if (roll === 1) r.session.status = r.session.status === 'busy' ? 'ready' : 'busy';
        else if (roll === 2) registry.delete(r.session.id);
      }
      now += rand(30_000);
      const scanned = idsOf(expiringSessions(registry.all(), now)).sort();
      expect(idsOf(dueExpiries(registry, now)).sort()).toEqual(scanned);
    }
    expect(next).toBeGreaterThan(100);
  });
});
