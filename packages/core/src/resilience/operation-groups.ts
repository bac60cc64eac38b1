/** Every `ContainerDriver` operation that {@link withResilience} guards (all returning a promise but `healthCheck`). */
export type OperationName =
  | 'createContainer'
  | 'startContainer'
  | 'stopContainer'
  | 'restartContainer'
  | 'removeContainer'
  | 'waitContainer'
  | 'getContainer'
  | 'listContainers'
  | 'getContainerLogs'
  | 'getStats'
  | 'isContainerHealthy'
  | 'exec'
  | 'putFiles'
  | 'getFile'
  | 'createVolume'
  | 'removeVolume'
  | 'listVolumes'
  | 'createNetwork'
  | 'removeNetwork'
  | 'listNetworks'
  | 'pullImage'
  | 'listImages'
  | 'removeImage'
  | 'buildImage'
  | 'getSystemInfo'
  | 'getSystemVersion'
  | 'getSystemUsage'
  | 'inspectContainer';

/**
 * Operation groups; each has its own circuit breaker, so a failing exec path does not stop lifecycle calls:
 * `lifecycle` (create/start/stop/restart/remove/wait), `query` (get/list containers, logs, stats, container
 * health), `exec` (exec, putFiles, getFile), `resources` (volumes, networks, images).
 */
export type OperationGroup = 'lifecycle' | 'query' | 'exec' | 'resources';

/** All operation groups. */
export const OPERATION_GROUPS: readonly OperationGroup[] = ['lifecycle', 'query', 'exec', 'resources'];

/** Which group (and so which breaker) each operation belongs to. */
export const OPERATION_GROUP: Readonly<Record<OperationName, OperationGroup>> = Object.freeze({
  createContainer: 'lifecycle',
  startContainer: 'lifecycle',
  stopContainer: 'lifecycle',
  restartContainer: 'lifecycle',
  removeContainer: 'lifecycle',
  waitContainer: 'lifecycle',
  getContainer: 'query',
  listContainers: 'query',
  getContainerLogs: 'query',
  getStats: 'query',
  isContainerHealthy: 'query',
  exec: 'exec',
  putFiles: 'exec',
  getFile: 'exec',
  createVolume: 'resources',
  removeVolume: 'resources',
  listVolumes: 'resources',
  createNetwork: 'resources',
  removeNetwork: 'resources',
  listNetworks: 'resources',
  pullImage: 'resources',
  listImages: 'resources',
  removeImage: 'resources',
  buildImage: 'resources',
  getSystemInfo: 'query',
  getSystemVersion: 'query',
  getSystemUsage: 'query',
  inspectContainer: 'query',
});

/**
 * Operations retried by default: reads, and state changes that converge (starting a running container or
 * stopping a stopped one is a no-op, pulling a present image is a no-op).
 *
 * Never retried by default: `createContainer`, `createVolume`, `createNetwork` (a retry after a lost reply
 * creates a duplicate or a conflict), `exec` and `putFiles` (side effects inside the container),
 * `restartContainer` (restarts twice), and the `remove*` calls (a retry after a lost reply reports not-found
 * for a removal that succeeded).
 */
export const DEFAULT_IDEMPOTENT_OPERATIONS: ReadonlySet<OperationName> = new Set<OperationName>([
  'getContainer',
  'listContainers',
  'getContainerLogs',
  'getStats',
  'isContainerHealthy',
  'startContainer',
  'stopContainer',
  'waitContainer',
  'getFile',
  'listVolumes',
  'listNetworks',
  'listImages',
  'pullImage',
  'getSystemInfo',
  'getSystemVersion',
  'getSystemUsage',
  'inspectContainer',
]);
