import type { SessionRecord } from '../registry/index.js';
import { newSessionRecord } from '../registry/index.js';
import { buildSession, type SessionStatus } from '../session/index.js';
import { expiringSessions } from './session-reaper.js';

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
