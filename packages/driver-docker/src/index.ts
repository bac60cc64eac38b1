/**
 * `@berth/driver-docker`: Berth's Docker Engine driver (dockerode), the host pool (several engines behind one
 * driver: multi-host placement) and the Swarm driver. The public API is this explicit list; test helpers (gates,
 * locks, test runs) are under `@berth/driver-docker/testing`.
 *
 * @packageDocumentation
 */
export { packContextFiles } from './build/build-context.js';
export { DockerImageBuilder, validateBuildOptions } from './build/docker-image-builder.js';
export {
  createDockerClient,
  type EngineVersion,
  MAX_API_VERSION,
  negotiateApiVersion,
} from './client/create-docker-client.js';
export { type DockerEngineProbe, dockerCapabilities, probeDockerEngine } from './client/probe-docker-engine.js';
export { connectionFromEnv } from './config/connection-from-env.js';
export {
  DEFAULT_DOCKER_SOCKET,
  type DockerConnectionOptions,
  type DockerSocketConnection,
  type DockerTcpConnection,
} from './config/docker-connection-options.js';
export type { DockerDriverOptions } from './config/docker-driver-options.js';
export {
  DOCKER_HOSTS_ENV,
  DOCKER_HOSTS_FILE_ENV,
  type DockerHostEntry,
  dockerHostsFromConfig,
  dockerHostsFromEnv,
} from './config/docker-hosts-config.js';
export {
  DEFAULT_STATS_INTERVAL_MS,
  DOCKER_ENV_VARIABLES,
  type DockerEnvSettings,
  dockerSettingsFromEnv,
  resolveStatsIntervalMs,
  statsIntervalFromEnv,
} from './config/docker-settings-from-env.js';
export { validateConnectionOptions } from './config/validate-connection-options.js';
export {
  connectDockerDriverModule,
  DOCKER,
  type DockerDriverModuleOptions,
  type DockerModuleHost,
  dockerDriverModule,
} from './di/docker-driver-module.js';
export { DockerClient } from './docker-client/docker-client.js';
export type {
  ContainerDetails as SeedContainerDetails,
  ContainerInfo as SeedContainerInfo,
  ContainerListOptions,
  ContainerStats,
  DockerClientOptions,
  DockerEventMessage,
  EventOptions,
  HostInfo,
} from './docker-client/seed-types.js';
export { StatsCollector } from './docker-client/stats-collector.js';
export { DOCKER_DRIVER_VERSION, DockerDriver } from './docker-driver.js';
export type { EngineEventStreamOptions, OpenableObservable } from './events/engine-event-stream.js';
export { DockerImageClient } from './images/docker-image-client.js';
export {
  type DockerHostConfig,
  type DockerHostDriver,
  DockerHostPool,
  type DockerHostPoolOptions,
  HOST_LABEL,
  type PoolBuildOptions,
  type PoolCreateOptions,
} from './pool/docker-host-pool.js';
export { DockerResourceClient } from './resources/docker-resource-client.js';
export type { StorageProbe } from './spec/storage-probe.js';
export type { SwarmContainerSpec, SwarmPlacement, SwarmRestartPolicy } from './swarm/swarm-container-spec.js';
export { SWARM_DRIVER_VERSION, SwarmDriver } from './swarm/swarm-driver.js';
export { SWARM, type SwarmDriverModuleOptions, swarmDriverModule } from './swarm/swarm-driver-module.js';
export type { SwarmDriverOptions } from './swarm/swarm-driver-options.js';
export { SWARM_NODES_ENV, swarmNodesFromEnv } from './swarm/swarm-nodes-from-env.js';
export { SWARM_DRIVER_LABEL } from './swarm/to-service-spec.js';
export { DockerSystemClient } from './system/docker-system-client.js';
