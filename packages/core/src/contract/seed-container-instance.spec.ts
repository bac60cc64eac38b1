import type { ContainerInstance } from './container-instance.js';
import { toSeedContainerInstance } from './seed-container-instance.js';

const instance: ContainerInstance = {
  id: 'c-1',
  name: 'one',
  sessionId: null,
  image: 'busybox:latest',
  state: 'running',
  status: 'Up',
  endpoint: null,
  createdAt: new Date('2026-12-02T12:00:00.000Z'),
  startedAt: new Date('2026-12-02T12:00:01.500Z'),
  labels: { a: 'b' },
  resources: { memoryMb: 64 },
  driver: 'mock',
};

describe(toSeedContainerInstance.name, () => {
  it("gives the seed's numeric times and string endpoint/sessionId, the rest as Berth has it", () => {
    expect(toSeedContainerInstance(instance)).toEqual({
      id: 'c-1',
      name: 'one',
      sessionId: '',
      image: 'busybox:latest',
      state: 'running',
      status: 'Up',
      endpoint: '',
      createdAt: Date.parse('2026-12-02T12:00:00.000Z'),
      startedAt: Date.parse('2026-12-02T12:00:01.500Z'),
      labels: { a: 'b' },
      resources: { memoryMb: 64 },
      driver: 'mock',
    });
  });
  it('keeps a published endpoint and a session, leaves startedAt out when never started, copies the maps', () => {
    const { startedAt: _s, ...created } = instance;
    const seed = toSeedContainerInstance({ ...created, endpoint: '127.0.0.1:49153', sessionId: 's-1' });
    expect(seed).toMatchObject({ endpoint: '127.0.0.1:49153', sessionId: 's-1' });
    expect('startedAt' in seed).toBe(false);
    seed.labels['x'] = 'y';
    expect(instance.labels).toEqual({ a: 'b' });
  });
});
