/**
 * How strongly a driver separates a container from the host:
 * `none` (host processes), `process` (namespaces/cgroups of a process), `container` (an OCI runtime), `vm`.
 */
export type IsolationLevel = 'none' | 'process' | 'container' | 'vm';

/** Which resource limits a driver actually enforces. */
export interface ResourceLimitCapabilities {
  /** CPU quota is enforced. */
  cpu: boolean;
  /** Memory limit is enforced (exceeding it OOM-kills). */
  memory: boolean;
  /** Process-count limit is enforced. */
  pids: boolean;
  /** Disk limit is enforced. */
  disk: boolean;
}

/**
 * The optional parts of the contract a driver has. The conformance kit skips, with the reason printed,
 * exactly what a driver declares it lacks; callers check before using an optional part.
 */
export interface DriverCapabilities {
  /** `exec` and `execStream`. */
  exec: boolean;
  /** `putFiles` and `getFile`. */
  files: boolean;
  /** `createVolume`, `removeVolume`, `listVolumes`, and volume mounts. */
  volumes: boolean;
  /** `createNetwork`, `removeNetwork`, `listNetworks`, and `spec.network`. */
  networks: boolean;
  /** `pullImage`, `listImages`, `removeImage`. */
  images: boolean;
  /** `getStats` and `stats$`. */
  stats: boolean;
  /** `events$`. */
  events: boolean;
  /** Published ports (`spec.ports`). */
  ports: boolean;
  /** `spec.healthcheck` and `isContainerHealthy`. */
  healthcheck: boolean;
  /** Resource limits the driver enforces. */
  resourceLimits: ResourceLimitCapabilities;
  /** Isolation from the host. */
  isolation: IsolationLevel;
  /** `buildImage` (a Dockerfile build from a context). Absent: `false`. */
  imageBuild?: boolean;
  /** `getSystemInfo`, `getSystemVersion`, `getSystemUsage`. Absent: `false`. */
  systemInfo?: boolean;
  /** `inspectContainer` (image id, command, ports, mounts, network mode). Absent: `false`. */
  inspect?: boolean;
  /** `engineEvents$` (events of images, networks and volumes as well as containers). Absent: `false`. */
  engineEvents?: boolean;
}

/**
 * Every capability of the core contract on (image builds and system info included). `inspect` and
 * `engineEvents` are not in it: a driver that has them declares them itself (Docker, and the mock, which adds them
 * to this set).
 */
export const FULL_CAPABILITIES: Readonly<DriverCapabilities> = Object.freeze({
  exec: true,
  files: true,
  volumes: true,
  networks: true,
  images: true,
  stats: true,
  events: true,
  ports: true,
  healthcheck: true,
  resourceLimits: Object.freeze({ cpu: true, memory: true, pids: true, disk: true }),
  isolation: 'container',
  imageBuild: true,
  systemInfo: true,
});
