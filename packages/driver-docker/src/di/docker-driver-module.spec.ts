import { BERTH, DriverUnavailableError } from '@berth/core';
import { Container } from 'inversify';
import { DockerDriver } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
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
