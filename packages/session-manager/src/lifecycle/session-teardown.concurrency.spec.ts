import { MockDriver } from '@berth/driver-mock';
import { describe, expect, it } from '@jest/globals';
import { SessionManager } from '../manager/index.js';
import { CLEANUP_CONCURRENCY } from './session-teardown.js';

const IMAGE = 'berth/runtime:bookworm';

describe('session clean-up at scale', () => {
  it(`dispose removes many sessions' containers at most ${CLEANUP_CONCURRENCY} at a time, and every one of them`, async () => {
    const mock = new MockDriver({ images: [IMAGE] });
    const n = CLEANUP_CONCURRENCY * 4;
    let inFlight = 0;
    let most = 0;
    const removed: string[] = [];
    const remove = mock.removeContainer.bind(mock);
    mock.removeContainer = async (id, opts) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      try {
        await remove(id, opts);
        removed.push(id);
      } finally {
        inFlight -= 1;
      }
    };
    const manager = new SessionManager(mock, { images: { default: IMAGE }, maxSessions: n });
    for (let i = 0; i < n; i += 1) await manager.createSession({ agentType: 'python' });
    await manager.dispose();
    expect(removed).toHaveLength(n);
    expect(most).toBe(CLEANUP_CONCURRENCY);
    expect(await mock.listContainers()).toEqual([]);
    await mock.dispose();
  });
});
