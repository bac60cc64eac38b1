import { allowReservedLabels, BERTH_LABELS, type ContainerInstance } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import type { Session } from '../session/index.js';
import type { PoolEntry } from '../warm-pool/index.js';
import { applyRecovery, type RecoveryTarget } from './apply-recovery.js';
import type { RecoveryDecision } from './plan-recovery.js';

const IMAGE = 'berth/runtime:bookworm';
const NOW = Date.parse('2026-01-01T12:00:00Z');

describe('applyRecovery', () => {
  let mock: MockDriver;
  let adopted: Session[];
  let pooled: PoolEntry[];
  let poolWants: boolean;

  beforeEach(() => {
    mock = new MockDriver({ images: [IMAGE] });
    adopted = [];
    pooled = [];
    poolWants = true;
  });

  afterEach(async () => {
    await mock.dispose();
  });

  function target(known: string[] = []): RecoveryTarget {
    return {
      driver: mock,
      now: NOW,
      timeoutMs: 3_600_000,
      idleTimeoutMs: 900_000,
      adoptPoolEntry: (entry) => {
        if (poolWants) pooled.push(entry);
        return poolWants;
      },
      hasSession: (id) => known.includes(id),
      adoptSession: (session) => adopted.push(session),
    };
  }

  async function container(labels: Record<string, string>): Promise<ContainerInstance> {
    // the labels a manager writes (reserved `berth.*` keys, so marked as the manager marks them)
    const c = await mock.createContainer({
      image: IMAGE,
      command: ['sleep', '1000'],
      labels: allowReservedLabels(labels),
    });
    await mock.startContainer(c.id);
    return (await mock.getContainer(c.id)) as ContainerInstance;
  }

  it('removes containers to reap and reports them with their session id and reason', async () => {
    const c = await container({ [BERTH_LABELS.session]: 's1' });
    const report = await applyRecovery([{ action: 'reap', container: c, reason: 'owner-gone' }], target());
    expect(report).toEqual({
      adopted: [],
      returnedToWarmPool: [],
      reaped: [{ containerId: c.id, sessionId: 's1', reason: 'owner-gone' }],
    });
    expect(await mock.getContainer(c.id)).toBeNull();
  });

  it('adopts a session from its labels: user labels only, label lifetimes, default idle timeout', async () => {
    const c = await container({
      team: 'a',
      [BERTH_LABELS.created]: '2026-01-01T11:00:00.000Z',
      [BERTH_LABELS.expires]: '2026-01-01T13:00:00.000Z',
      'berth.agentType': 'python',
      'berth.pool': 'false',
    });
    const report = await applyRecovery(
      [{ action: 'adopt-session', container: c, sessionId: 's1', marker: null }],
      target(),
    );
    expect(report.adopted).toEqual(['s1']);
    expect(adopted).toEqual([
      expect.objectContaining({
        id: 's1',
        containerId: c.id,
        status: 'ready',
        agentType: 'python',
        createdAt: new Date('2026-01-01T11:00:00.000Z'),
        expiresAt: new Date('2026-01-01T13:00:00.000Z'),
        lastActivityAt: new Date(NOW),
        idleTimeoutMs: 900_000,
        labels: { team: 'a' },
        fromWarmPool: false,
        adopted: true,
        driver: 'mock',
      }),
    ]);
  });

  it("prefers a pooled session's marker over its pool container's labels", async () => {
    const c = await container({ 'berth.agentType': 'pool', 'berth.pool': 'true' });
    const marker = {
      sessionId: 's2',
      agentType: 'node',
      createdAt: '2026-01-01T11:30:00.000Z',
      expiresAt: '2026-01-01T12:30:00.000Z',
      idleTimeoutMs: 5_000,
    };
    await applyRecovery([{ action: 'adopt-session', container: c, sessionId: 's2', marker }], target());
    expect(adopted[0]).toMatchObject({
      agentType: 'node',
      createdAt: new Date(marker.createdAt),
      expiresAt: new Date(marker.expiresAt),
      idleTimeoutMs: 5_000,
      fromWarmPool: true,
    });
  });

  it('does not adopt a session it knows already', async () => {
    const c = await container({});
    const decisions: RecoveryDecision[] = [{ action: 'adopt-session', container: c, sessionId: 's1', marker: null }];
    expect((await applyRecovery(decisions, target(['s1']))).adopted).toEqual([]);
    expect(adopted).toEqual([]);
  });

  it('gives idle pool containers back to the pool, and removes them when it is full', async () => {
    const kept = await container({ [BERTH_LABELS.expires]: '2026-01-01T13:00:00.000Z' });
    const first = await applyRecovery([{ action: 'adopt-pool', container: kept, sessionId: 'p1' }], target());
    expect(first.returnedToWarmPool).toEqual([kept.id]);
    expect(pooled).toEqual([expect.objectContaining({ sessionId: 'p1', containerId: kept.id, image: IMAGE })]);
    expect(pooled[0]?.expiresAt).toEqual(new Date('2026-01-01T13:00:00.000Z'));

    poolWants = false;
    const extra = await container({});
    const second = await applyRecovery([{ action: 'adopt-pool', container: extra, sessionId: 'p2' }], target());
    expect(second.reaped).toEqual([{ containerId: extra.id, sessionId: 'p2', reason: 'pool-not-needed' }]);
    expect(await mock.getContainer(extra.id)).toBeNull();
  });

  it('leaves containers it is told to leave', async () => {
    const c = await container({});
    const report = await applyRecovery([{ action: 'leave', container: c }], target());
    expect(report).toEqual({ adopted: [], returnedToWarmPool: [], reaped: [] });
    expect((await mock.getContainer(c.id))?.state).toBe('running');
  });
});
