/** Options of {@link DockerClient}, as the Docker client seed (`docker-client.md`) spells them. */
export interface DockerClientOptions {
  /**
   * Engine host name or address. Also accepted: a `DOCKER_HOST` value (`unix:///var/run/docker.sock`,
   * `tcp://host:port`) or a socket path (`/var/run/docker.sock`). Default: `localhost`.
   */
  host?: string;
  /** Engine port. Default: 2375 (2376 with `secure`). */
  port?: number;
  /** Unique host id. Default: `host:port`. */
  hostId?: string;
  /** Display name. Default: the host. */
  name?: string;
  /** Use HTTPS/TLS. Default: `false`. */
  secure?: boolean;
  /** Per-call timeout of non-streaming calls in ms (streams are never cut). Default: 30000. */
  timeout?: number;
  /** Retries of idempotent calls on retryable errors. Default: 3. */
  maxRetries?: number;
  /** First retry's delay cap in ms (doubles, full jitter). Default: 1000. */
  retryDelay?: number;
  /** Extra dockerode options (e.g. `ca`, `cert`, `key` for TLS). */
  dockerodeOptions?: Record<string, unknown>;
}

/** The host a {@link DockerClient} talks to. */
export interface HostInfo {
  /** Host id. */
  id: string;
  /** Display name. */
  name: string;
  /** Address (host name or socket path). */
  address: string;
  /** Port (absent for a socket). */
  port?: number;
  /** TLS in use. */
  secure: boolean;
  /** `docker info` once connected. */
  systemInfo?: unknown;
}

/** `listContainers` options of the seed. */
export interface ContainerListOptions {
  /** Include stopped containers. Default: `false`. */
  all?: boolean;
  /** Engine filters, e.g. `{ label: ['a=b'] }`. */
  filters?: Record<string, string[]>;
}

/** A port of a container (seed shape). */
export interface SeedPort {
  privatePort: number;
  publicPort?: number;
  type: string;
  ip?: string;
}

/** A mount of a container (seed shape). */
export interface SeedMount {
  type: string;
  source: string;
  destination: string;
  mode: string;
  readWrite: boolean;
}

/** A container as the seed's `listContainers` returns it. */
export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  created: Date;
  /** `running`, `exited`, `created`, `paused` … */
  state: string;
  /** Human status, e.g. `Up 2 minutes`. */
  status: string;
  ports: SeedPort[];
  labels: Record<string, string>;
  networkMode?: string | undefined;
  mounts: SeedMount[];
}

/** Resource usage as the seed reports it. */
export interface ContainerStats {
  /** CPU percent (100 = one core). */
  cpuUsage: number;
  memoryUsage: number;
  memoryLimit: number;
  memoryPercentage: number;
  networkRx: number;
  networkTx: number;
  diskRead: number;
  diskWrite: number;
  pids: number;
  timestamp: Date;
}

/** The seed's `getContainer` detail: the container, its stats and the engine's config sections. */
export interface ContainerDetails extends ContainerInfo {
  stats: ContainerStats;
  config: unknown;
  hostConfig: unknown;
  networkSettings: unknown;
}

/** The seed's `removeContainer` options. */
export interface RemoveOptions {
  force?: boolean;
  removeVolumes?: boolean;
}

/** The seed's `getContainerLogs` options. */
export interface LogOptions {
  stdout?: boolean;
  stderr?: boolean;
  timestamps?: boolean;
  /** Last lines, or `'all'`. */
  tail?: number | 'all';
  /** Unix seconds or a date. */
  since?: number | Date;
  /** Unix seconds or a date. */
  until?: number | Date;
}

/** The seed's `getEvents` options: engine filters (`{ type: ['container'] }`). */
export interface EventOptions {
  filters?: Record<string, string[]>;
}

/** An engine event as the seed's `getEvents()` stream emits it on `data`. */
export interface DockerEventMessage {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
  /** Host id of the client. */
  host: string;
}
