import { BERTH, type ContainerDriver } from '@berth/core';
import type Docker from 'dockerode';
import type { ServiceIdentifier } from 'inversify';
import { ContainerModule } from './inversify.js';
import { createDockerClient } from '../client/create-docker-client.js';
import { connectionFromEnv } from '../config/connection-from-env.js';
import { DockerDriver, type DockerDriverOptions } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
import { DockerResourceClient } from '../resources/docker-resource-client.js';

/** Inversify tokens of this package. */
export const DOCKER = Object.freeze({
  /** The dockerode client. */
  Client: Symbol.for('berth.docker.Client') as ServiceIdentifier<Docker>,
  /** The image client. */
  Images: Symbol.for('berth.docker.Images') as ServiceIdentifier<DockerImageClient>,
  /** The volume/network client. */
  Resources: Symbol.for('berth.docker.Resources') as ServiceIdentifier<DockerResourceClient>,
  /** The driver (also bound to `driverToken`). */
  Driver: Symbol.for('berth.docker.Driver') as ServiceIdentifier<DockerDriver>,
});

/** Options of {@link dockerDriverModule}. */
export interface DockerDriverModuleOptions extends Omit<DockerDriverOptions, 'docker' | 'images' | 'resources'> {
  /**
   * Token the driver is also bound to as a `ContainerDriver`. Default: `BERTH.ContainerDriver`.
   */
  driverToken?: ServiceIdentifier<ContainerDriver>;
}

/**
 * An inversify `ContainerModule` binding the dockerode client, the image and resource clients and the
 * `DockerDriver` (singletons), each built from the one before — collaborators injected, nothing hidden.
 * The driver is also bound to `BERTH.ContainerDriver` and disposed when unbound.
 *
 * @example
 * ```ts
 * const container = new Container();
 * container.load(dockerDriverModule({ connection: { socketPath: '/var/run/docker.sock' } }));
 * const driver = container.get(BERTH.ContainerDriver);
 * ```
 */
export function dockerDriverModule(options: DockerDriverModuleOptions = {}): ContainerModule {
  const { driverToken = BERTH.ContainerDriver, ...rest } = options;
  return new ContainerModule(({ bind }) => {
    bind(DOCKER.Client)
      .toDynamicValue(() => createDockerClient(rest.connection ?? connectionFromEnv()))
      .inSingletonScope();
    bind(DOCKER.Images)
      .toDynamicValue((ctx) => new DockerImageClient(ctx.get(DOCKER.Client)))
      .inSingletonScope();
    bind(DOCKER.Resources)
      .toDynamicValue((ctx) => new DockerResourceClient(ctx.get(DOCKER.Client)))
      .inSingletonScope();
    bind(DOCKER.Driver)
      .toDynamicValue(
        (ctx) =>
          new DockerDriver({
            ...rest,
            docker: ctx.get(DOCKER.Client),
            images: ctx.get(DOCKER.Images),
            resources: ctx.get(DOCKER.Resources),
          }),
      )
      .inSingletonScope()
      .onDeactivation((driver) => driver.dispose());
    bind(driverToken).toService(DOCKER.Driver);
  });
}
