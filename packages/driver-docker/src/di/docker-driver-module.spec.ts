import { BERTH, createBerth, DriverUnavailableError, ValidationError } from '@berth/core';
import { Container } from 'inversify';
import { DockerDriver } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
import { DockerHostPool } from '../pool/docker-host-pool.js';
import { connectDockerDriverModule, DOCKER, dockerDriverModule } from './docker-driver-module.js';

describe(dockerDriverModule.name, () => {
  it('binds the client, the image and resource clients and the driver, as singletons', async () => {
    const container = new Container();
    container.load(dockerDriverModule({ connection: { socketPath: '/var/run/berth-di-test.sock' }, hostId: 'h1' }));
    const driver = container.get(BERTH.ContainerDriver);
    expect(driver).toBeInstanceOf(DockerDriver);
    expect(container.get(DOCKER.Driver)).toBe(driver);
    expect((driver as DockerDriver).docker).toBe(container.get(DOCKER.Client));
    expect(container.get(DOCKER.Images)).toBeInstanceOf(DockerImageClient);
    expect((driver as DockerDriver).hostId).toBe('h1');
    await container.unbindAllAsync();
  });
});

describe(connectDockerDriverModule.name, () => {
  it('binds a driver carrying the given probe (capabilities from it, no engine asked)', async () => {
    const engine = {
      version: { engineVersion: '20.10.24', apiVersion: '1.41', minApiVersion: '1.12', os: 'linux' },
      storage: { driver: 'btrfs', backingFilesystem: 'btrfs', diskLimit: true },
    };
    const container = new Container();
    container.load(
      await connectDockerDriverModule({ connection: { socketPath: '/var/run/berth-di-test.sock' }, engine }),
    );
    const driver = container.get(DOCKER.Driver);
    expect(driver.capabilities.resourceLimits.disk).toBe(true);
    await expect(driver.ready()).resolves.toBe(engine);
    await container.unbindAllAsync();
  });

  it('probes first: rejects with DriverUnavailableError when no engine answers', async () => {
    await expect(
      connectDockerDriverModule({ connection: { socketPath: '/var/run/berth-di-test.sock' } }),
    ).rejects.toBeInstanceOf(DriverUnavailableError);
  });
});

describe(`${dockerDriverModule.name} with hosts`, () => {
  it('binds a DockerHostPool over the hosts as the ContainerDriver, each host with the shared settings', async () => {
    const container = new Container();
    container.load(
      dockerDriverModule({
        hosts: [
          { id: 'a', connection: { socketPath: '/var/run/berth-di-a.sock' } },
          { id: 'b', name: 'Bee', connection: { host: '10.0.0.2', port: 2375, protocol: 'http' } },
        ],
        defaultNetwork: 'none',
      }),
    );
    const pool = container.get(BERTH.ContainerDriver);
    expect(pool).toBeInstanceOf(DockerHostPool);
    expect(container.get(DOCKER.Pool)).toBe(pool);
    expect((pool as DockerHostPool).hostIds).toEqual(['a', 'b']);
    expect((pool as DockerHostPool).host('b').hostId).toBe('b');
    await container.unbindAllAsync();
  });

  it('refuses hosts together with a connection', () => {
    expect(() =>
      dockerDriverModule({ hosts: [{ id: 'a', connection: { socketPath: '/s' } }], connection: { socketPath: '/s' } }),
    ).toThrow(ValidationError);
  });
});

describe(`${dockerDriverModule.name} under createBerth`, () => {
  it.each([
    ['one engine', { connection: { socketPath: '/var/run/berth-di-test.sock' } }],
    ['a host pool', { hosts: [{ id: 'a', connection: { socketPath: '/var/run/berth-di-a.sock' } }] }],
  ])('is wrapped by withResilience when asked (%s)', async (_what, options) => {
    const berth = createBerth({ driver: dockerDriverModule(options), resilience: { retry: false } });
    try {
      const inner = (berth.driver as unknown as { inner?: unknown }).inner;
      expect(inner instanceof DockerDriver || inner instanceof DockerHostPool).toBe(true);
    } finally {
      await berth.dispose();
    }
  });
});
