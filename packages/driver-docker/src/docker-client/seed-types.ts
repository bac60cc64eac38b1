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
  /** The engine's full container id. */
  id: string;
  /** The container's name without the leading `/` (`unknown` when it has none). */
  name: string;
  /** The image as the container was created from it (`nginx:alpine`). */
  image: string;
  /** The image's id (`sha256:…`). */
  imageId: string;
  /** The command line the container runs, as one string. */
  command: string;
  /** When the engine created the container. */
  created: Date;
  /** `running`, `exited`, `created`, `paused` … */
  state: string;
  /** Human status, e.g. `Up 2 minutes`. */
  status: string;
  /** Published and exposed ports. */
  ports: SeedPort[];
  /** The container's labels. */
  labels: Record<string, string>;
  /** The engine's network mode (`bridge`, `host`, a network name …), when it reports one. */
  networkMode?: string | undefined;
  /** Volumes and binds mounted into the container. */
  mounts: SeedMount[];
}

/** Resource usage as the seed reports it. */
export interface ContainerStats {
  /** CPU percent (100 = one core). */
  cpuUsage: number;
  /** Memory in use, in bytes. */
  memoryUsage: number;
  /** Memory limit in bytes (the host's memory when the container has none). */
  memoryLimit: number;
  /** `memoryUsage` as a percentage of `memoryLimit`, two decimals. */
  memoryPercentage: number;
  /** Bytes received over every network interface. */
  networkRx: number;
  /** Bytes sent over every network interface. */
  networkTx: number;
  /** Bytes read from block devices. */
  diskRead: number;
  /** Bytes written to block devices. */
  diskWrite: number;
  /** Processes and threads in the container. */
  pids: number;
  /** When the sample was taken. */
  timestamp: Date;
}

/** The seed's `getContainer` detail: the container, its stats and the engine's config sections. */
export interface ContainerDetails extends ContainerInfo {
  /** One stats sample, taken with the inspect. */
  stats: ContainerStats;
  /** The engine's `Config` section of the inspect, as it sends it. */
  config: unknown;
  /** The engine's `HostConfig` section of the inspect, as it sends it. */
  hostConfig: unknown;
  /** The engine's `NetworkSettings` section of the inspect, as it sends it. */
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
  /** Engine filters by name (`type`, `event` are read: `{ type: ['container'], event: ['start'] }`). */
  filters?: Record<string, string[]>;
}

/** An engine event as the seed's `getEvents()` stream emits it on `data`. */
export interface DockerEventMessage {
  /** What the event is about: `container`, `image`, `network` or `volume`. */
  Type: string;
  /** The engine's verb (`create`, `start`, `die`, `destroy`, `tag` …). */
  Action: string;
  /** The object: its id and attributes (a container's name, image and labels …). */
  Actor: { ID: string; Attributes: Record<string, string> };
  /** When it happened, in Unix seconds. */
  time: number;
  /** When it happened, in Unix nanoseconds. */
  timeNano: number;
  /** Host id of the client. */
  host: string;
}
