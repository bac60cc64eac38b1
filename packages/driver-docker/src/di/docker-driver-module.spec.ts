import { BERTH } from '@berth/core';
import { Container } from 'inversify';
import { DockerDriver } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
import { DOCKER, dockerDriverModule } from './docker-driver-module.js';

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
