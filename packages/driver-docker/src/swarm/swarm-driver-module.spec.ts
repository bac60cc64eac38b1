import { BERTH, createBerth } from '@berth/core';
import { Container } from 'inversify';
import { SwarmDriver } from './swarm-driver.js';
import { SWARM, swarmDriverModule } from './swarm-driver-module.js';

const manager = { socketPath: '/var/run/berth-swarm-di-test.sock' };

describe(swarmDriverModule.name, () => {
  it('binds the Swarm driver to SWARM.Driver and BERTH.ContainerDriver, one singleton', async () => {
    const container = new Container();
    container.load(swarmDriverModule({ manager }));
    const driver = container.get(BERTH.ContainerDriver);
    expect(driver).toBeInstanceOf(SwarmDriver);
    expect(container.get(SWARM.Driver)).toBe(driver);
    await container.unbindAllAsync();
  });

  it('is wrapped by withResilience under createBerth when asked (the activation hook applies)', async () => {
    const berth = createBerth({ driver: swarmDriverModule({ manager }), resilience: { retry: false } });
    try {
      const inner = (berth.driver as unknown as { inner?: unknown }).inner;
      expect(inner).toBeInstanceOf(SwarmDriver);
    } finally {
      await berth.dispose();
    }
  });
});
