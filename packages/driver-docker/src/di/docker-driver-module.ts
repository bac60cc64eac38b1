import { BERTH, type ContainerDriver, type DiModule, type DiToken, ValidationError } from '@berth/core';
import { ContainerModule } from '@berth/core/inversify';
import type Docker from 'dockerode';
import { createDockerClient } from '../client/create-docker-client.js';
import { probeDockerEngine } from '../client/probe-docker-engine.js';
import { connectionFromEnv } from '../config/connection-from-env.js';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import type { DockerDriverOptions } from '../config/docker-driver-options.js';
import { DockerDriver } from '../docker-driver.js';
import { DockerImageClient } from '../images/docker-image-client.js';
import { DockerHostPool, type DockerHostPoolOptions } from '../pool/docker-host-pool.js';
import { DockerResourceClient } from '../resources/docker-resource-client.js';
import type { SwarmDriverOptions } from '../swarm/swarm-driver-options.js';

/** Inversify tokens of this package. */
export const DOCKER = Object.freeze({
  /** The dockerode client. */
  Client: Symbol.for('berth.docker.Client') as DiToken<Docker>,
  /** The image client. */
  Images: Symbol.for('berth.docker.Images') as DiToken<DockerImageClient>,
  /** The volume/network client. */
  Resources: Symbol.for('berth.docker.Resources') as DiToken<DockerResourceClient>,
  /** The driver (also bound to `driverToken`). */
  Driver: Symbol.for('berth.docker.Driver') as DiToken<DockerDriver>,
  /** The host pool, when the options give `hosts` (then bound to `driverToken` instead of `Driver`). */
  Pool: Symbol.for('berth.docker.Pool') as DiToken<DockerHostPool>,
});

/** One engine of the pool a module builds from `hosts` (e.g. an entry of `dockerHostsFromEnv`). */
export interface DockerModuleHost {
  /** Stable host id. */
  id: string;
  /** Display name (informational). */
  name?: string;
  /** Where the engine is. */
  connection: DockerConnectionOptions;
}

/** Options of {@link dockerDriverModule}. */
export interface DockerDriverModuleOptions extends Omit<DockerDriverOptions, 'docker' | 'images' | 'resources'> {
  /**
   * Token the driver is also bound to as a `ContainerDriver`. Default: `BERTH.ContainerDriver`.
   */
  driverToken?: DiToken<ContainerDriver>;
  /**
   * Several engines: the module binds a `DockerHostPool` over them (each host's driver gets this object's
   * other settings: stats interval, events, default network) instead of one `DockerDriver`; `connection`,
   * `hostId` and `engine` must then be absent. See `dockerHostsFromEnv` (`BERTH_DOCKER_HOSTS`).
   */
  hosts?: DockerModuleHost[];
}

/** The pool options of `hosts`, each host with the module's shared driver settings. */
function poolOptions(options: DockerDriverModuleOptions): DockerHostPoolOptions {
  const { hosts = [], driverToken: _token, connection, hostId, engine, ...shared } = options;
  if (connection !== undefined || hostId !== undefined || engine !== undefined) {
    throw new ValidationError(
      [{ path: 'hosts', message: 'give hosts or connection/hostId/engine, not both' }],
      {},
      'Docker driver options',
    );
  }
  return { hosts: hosts.map((h) => ({ ...shared, id: h.id, connection: h.connection })) };
}

function poolModule(pool: () => DockerHostPool, driverToken: DiToken<ContainerDriver>): DiModule {
  return new ContainerModule(({ bind }) => {
    bind(DOCKER.Pool)
      .toDynamicValue(pool)
      .inSingletonScope()
      .onDeactivation((p) => p.dispose());
    // a binding of its own (not toService), so activation hooks on the token (createBerth's resilience) apply
    bind(driverToken)
      .toDynamicValue((ctx) => ctx.get(DOCKER.Pool))
      .inSingletonScope()
      .onDeactivation((d) => d.dispose());
  });
}

/**
 * A DI module (core's `DiModule`: inversify's `ContainerModule`, spelled structurally in the CommonJS
 * declarations) binding the dockerode client, the image and resource clients and the
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
export function dockerDriverModule(options: DockerDriverModuleOptions = {}): DiModule {
  const { driverToken = BERTH.ContainerDriver, hosts, ...rest } = options;
  if (hosts !== undefined) {
    const pool = poolOptions(options);
    return poolModule(() => new DockerHostPool(pool), driverToken);
  }
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
    // a binding of its own (not toService), so activation hooks on the token (createBerth's resilience) apply
    bind(driverToken)
      .toDynamicValue((ctx) => ctx.get(DOCKER.Driver))
      .inSingletonScope()
      .onDeactivation((d) => d.dispose());
  });
}

/**
 * With `hosts`: probes every reachable host (`DockerHostPool.connect`; a host that is down is added unprobed) and
 * binds the pool. Otherwise probes the engine first (API version, storage driver; `DriverUnavailableError` when it
 * does not answer), then
 * returns {@link dockerDriverModule} with the probe, so the bound driver's capabilities are the engine's own
 * (disk limits included when its storage enforces them) from the moment it is resolved.
 *
 * @example
 * ```ts
 * const berth = createBerth({ driver: await connectDockerDriverModule({ connection: { socketPath } }) });
 * ```
 */
export async function connectDockerDriverModule(options: DockerDriverModuleOptions = {}): Promise<DiModule> {
  if (options.hosts !== undefined) {
    const pool = await DockerHostPool.connect(poolOptions(options));
    return poolModule(() => pool, options.driverToken ?? BERTH.ContainerDriver);
  }
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
    /** Docker: `{ kind: 'docker', connection?, … }` for one engine, `hosts` for several (the module's options). */
    docker: Omit<DockerDriverModuleOptions, 'driverToken'>;
    /** A Docker Swarm: `{ kind: 'swarm', nodes, … }` (`SwarmDriver.connect`'s options). */
    swarm: SwarmDriverOptions;
  }
}
