import { BERTH, type ContainerDriver } from '@berth/core';
import type Docker from 'dockerode';
import { createDockerClient } from '../client/create-docker-client.js';
import { probeDockerEngine } from '../client/probe-docker-engine.js';
import { connectionFromEnv } from '../config/connection-from-env.js';
import { DockerDriver, type DockerDriverOptions } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
import { DockerResourceClient } from '../resources/docker-resource-client.js';
import type { SwarmDriverOptions } from '../swarm/swarm-driver-options.js';
import { ContainerModule } from './inversify.js';

/** inversify's `ServiceIdentifier`, resolved as ESM (inversify is ESM-only) so CommonJS type-checking reads it too. */
type ServiceIdentifier<T> = import('inversify', { with: { 'resolution-mode': 'import' }}).ServiceIdentifier<T>;

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
 * Binding is synchronous (so `container.get` and `createBerth` work), hence nothing is probed here: the driver
 * gets the conservative declared capabilities (no disk limits) unless `options.engine` carries a probe. Use
 * {@link connectDockerDriverModule} to probe the engine first.
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

/**
 * Probes the engine first (API version, storage driver; `DriverUnavailableError` when it does not answer), then
 * returns {@link dockerDriverModule} with the probe, so the bound driver's capabilities are the engine's own
 * (disk limits included when its storage enforces them) from the moment it is resolved.
 *
 * @example
 * ```ts
 * const berth = createBerth({ driver: await connectDockerDriverModule({ connection: { socketPath } }) });
 * ```
 */
export async function connectDockerDriverModule(options: DockerDriverModuleOptions = {}): Promise<ContainerModule> {
  if (options.engine !== undefined) return dockerDriverModule(options);
  const docker = createDockerClient(options.connection ?? connectionFromEnv());
  try {
    return dockerDriverModule({ ...options, engine: await probeDockerEngine(docker) });
  } finally {
    (docker.modem as { agent?: { destroy?: () => void } }).agent?.destroy?.();
  }
}

declare module '@berth/core' {
  /**
   * Registers this package's kinds: `{ kind: 'docker', ...DockerDriverOptions }` (one engine) and
   * `{ kind: 'swarm', ...SwarmDriverOptions }` are `DriverConfig`s.
   */
  interface DriverConfigRegistry {
    docker: Omit<DockerDriverModuleOptions, 'driverToken'>;
    swarm: SwarmDriverOptions;
  }
}
