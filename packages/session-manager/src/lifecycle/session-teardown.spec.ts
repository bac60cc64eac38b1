import { MockDriver } from '@berth/driver-mock';
import { SlotLimiter } from '../concurrency/index.js';
import { ContextRegistry } from '../context/index.js';
import { newSessionRecord, type SessionRecord, SessionRegistry } from '../registry/index.js';
import type { SessionEvent as ManagerEvent } from '../session/index.js';
import { buildSession } from '../session/index.js';
import { scriptContextInterpreter } from '../testing/context-interpreter-script.js';
import { SessionTeardown } from './session-teardown.js';

const IMAGE = 'berth/runtime:bookworm';

describe(SessionTeardown.name, () => {
  let mock: MockDriver;
  let running: () => number;
  let registry: SessionRegistry;
  let contexts: ContextRegistry;
  let slots: SlotLimiter;
  let teardown: SessionTeardown;
  let events: ManagerEvent[];

  beforeEach(() => {
    mock = new MockDriver({ images: [IMAGE] });
    running = scriptContextInterpreter(mock);
    registry = new SessionRegistry();
    events = [];
    registry.events$.subscribe((e) => events.push(e));
    contexts = new ContextRegistry({ driver: mock, readinessTimeoutMs: 10_000 });
    slots = new SlotLimiter(4);
    teardown = new SessionTeardown({ driver: mock, registry, contexts, slots });
  });

  afterEach(async () => {
    await contexts.closeAll();
    await mock.dispose();
  });

  /** A registered, ready session on a running container, holding one slot and two open contexts. */
  async function liveSession(id: string): Promise<SessionRecord & { contextIds: string[] }> {
    const c = await mock.createContainer({ image: IMAGE, command: ['sleep', '1000'] });
    await mock.startContainer(c.id);
    await slots.acquire();
    const now = new Date();
    const rec = newSessionRecord(
      buildSession({
        id,
        containerId: c.id,
        status: 'ready',
        agentType: 'python',
        image: IMAGE,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
        idleTimeoutMs: 60_000,
        fromWarmPool: false,
        driver: 'mock',
      }),
    );
    registry.add(rec);
    const contextIds = [
      (await contexts.open(rec.session, 'python')).id,
      (await contexts.open(rec.session, 'python')).id,
    ];
    return Object.assign(rec, { contextIds });
  }

  describe('.cleanup', () => {
    it('closes its contexts, removes the container, unregisters it, frees its slot and completes its log', async () => {
      const a = await liveSession('a');
      const b = await liveSession('b');
      let logDone = false;
      a.logs.subscribe({ complete: () => (logDone = true) });
      expect([running(), slots.inUse]).toEqual([4, 2]);
      await Promise.all([teardown.cleanup(a, 'cleanup'), teardown.cleanup(a, 'cleanup')]); // shared
      expect([running(), slots.inUse]).toEqual([2, 1]);
      expect([...a.contextIds, ...b.contextIds].map((id) => contexts.has(id))).toEqual([false, false, true, true]);
      expect(await mock.getContainer(a.session.containerId)).toBeNull();
      expect(registry.has('a')).toBe(false);
      expect(a.session.status).toBe('cleaned');
      expect(logDone).toBe(true);
      expect(events.filter((e) => e.type === 'cleaned')).toEqual([
        expect.objectContaining({ sessionId: 'a', reason: 'cleanup' }),
      ]);
    });

    it('cleanupAll cleans every session and counts them', async () => {
      await liveSession('a');
      await liveSession('b');
      await expect(teardown.cleanupAll('dispose')).resolves.toBe(2);
      expect([running(), slots.inUse, registry.all().length]).toEqual([0, 0, 0]);
    });
  });

  describe('.containerGone', () => {
    it("marks the container's session dead once and closes its contexts, not the others'", async () => {
      const a = await liveSession('a');
      const b = await liveSession('b');
      teardown.containerGone(a.session.containerId);
      teardown.containerGone(a.session.containerId);
      expect([a.session.status, b.session.status]).toEqual(['dead', 'ready']);
      expect([...a.contextIds, ...b.contextIds].map((id) => contexts.has(id))).toEqual([false, false, true, true]);
      expect(events.filter((e) => e.type === 'dead').map((e) => e.sessionId)).toEqual(['a']);
      for (let i = 0; i < 1000 && running() > 2; i += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(running()).toBe(2); // a's two interpreters were killed, b's two still run
    });
  });
});
