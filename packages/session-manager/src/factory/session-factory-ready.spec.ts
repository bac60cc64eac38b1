import { MockDriver } from '@berth/driver-mock';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { resolveSessionManagerOptions } from '../options/index.js';
import { SessionRegistry } from '../registry/index.js';
import { WarmPool } from '../warm-pool/index.js';
import { SessionFactory } from './session-factory.js';

const IMAGE = 'berth/runtime:bookworm';

describe(`${SessionFactory.name} readiness with onStarted`, () => {
  let mock: MockDriver;
  let release: () => void;
  let probes: number;

  beforeEach(() => {
    mock = new MockDriver({ images: [IMAGE] });
    probes = 0;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    mock.onExec('true', async () => {
      probes += 1;
      await gate; // the readiness probe hangs until the test lets it go
    });
  });

  afterEach(async () => {
    release();
    await mock.dispose();
  });

  const factory = (onStarted?: (id: string) => Promise<boolean>) => {
    const options = resolveSessionManagerOptions({ images: { default: IMAGE } }, mock.name);
    const warmPool = new WarmPool({
      sizes: {},
      create: () => Promise.reject(new Error('no pool')),
      remove: async () => {},
    });
    return new SessionFactory({
      driver: mock,
      ownerId: 'owner',
      options,
      registry: new SessionRegistry(),
      warmPool,
      ...(onStarted === undefined ? {} : { onStarted }),
    });
  };

  it('is ready without waiting for the probe when onStarted answers true first', async () => {
    const started: string[] = [];
    const f = factory(async (id) => {
      started.push(id);
      return true;
    });
    const s = await f.create({ agentType: 'python' }, IMAGE, undefined);
    expect(s.status).toBe('ready');
    expect(started).toEqual([s.containerId]);
    expect(probes).toBe(0); // no second exec beside the runner's start
  });

  it('probes when onStarted does not answer, and is ready once the probe passes', async () => {
    const f = factory(() => new Promise<boolean>(() => undefined));
    release();
    expect((await f.create({ agentType: 'python' }, IMAGE, undefined)).status).toBe('ready');
    expect(probes).toBe(1);
  });

  it('waits for the probe when onStarted answers false', async () => {
    const f = factory(async () => false);
    let done = false;
    const created = f.create({ agentType: 'python' }, IMAGE, undefined).then((s) => {
      done = true;
      return s;
    });
    while (probes === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    release();
    expect((await created).status).toBe('ready');
  });
});
