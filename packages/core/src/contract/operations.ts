import type { Observable } from 'rxjs';

/** Options every operation accepts. */
export interface OpOptions {
  /** Abort the operation; it rejects with the signal's reason (an `AbortError`-named error). */
  signal?: AbortSignal;
}

/** Options of {@link ContainerDriver.stopContainer} and {@link ContainerDriver.restartContainer}. */
export interface StopOptions extends OpOptions {
  /** Grace period in ms between the stop signal (SIGTERM) and SIGKILL. Default: 10000. */
  timeoutMs?: number;
}

/** Options of {@link ContainerDriver.removeContainer}. */
export interface RemoveOptions extends OpOptions {
  /** Kill and remove a running container. Without it, removing a running container is a conflict. */
  force?: boolean;
  /** Also remove anonymous volumes of the container. Default: `false`. */
  removeVolumes?: boolean;
}

/** A command to run inside a running container. */
export interface ExecSpec {
  /** argv; no shell is involved unless you call one. */
  command: string[];
  /** Extra environment variables for this command. */
  env?: Record<string, string>;
  /** Working directory; default: the container's. */
  workingDir?: string;
  /** User to run as; default: the container's. */
  user?: string;
  /** Data written to the command's stdin, then stdin is closed. */
  stdin?: string | Uint8Array;
  /** Kill the command (its whole process tree) after this many ms and report `timedOut: true`. */
  timeoutMs?: number;
  /** Abort: kills the command and rejects. */
  signal?: AbortSignal;
}

/** The outcome of a finished command. A timeout is a result (`timedOut: true`), not an error. */
export interface ExecResult {
  /** Exit code; `137` (or the signal's `128 + n`) when killed. */
  exitCode: number;
  /** Everything the command wrote to stdout, decoded as UTF-8. */
  stdout: string;
  /** Everything the command wrote to stderr, decoded as UTF-8. */
  stderr: string;
  /** Wall time from start to exit. */
  durationMs: number;
  /** `true` when the command was killed because `timeoutMs` passed. */
  timedOut: boolean;
}

/** One piece of a command's output. */
export interface OutputChunk {
  /** Which stream it came from. */
  stream: 'stdout' | 'stderr';
  /** The raw bytes. Decode with `new TextDecoder().decode(chunk.data)`. */
  data: Uint8Array;
}

/** A command running inside a container, started by {@link ContainerDriver.execStream}. */
export interface ExecHandle {
  /**
   * Output as it arrives. Replays everything produced since the start to each subscriber, then completes
   * when the command exits.
   */
  readonly output$: Observable<OutputChunk>;
  /** Resolves when the command exits (also on timeout or kill). Rejects only on driver failure. */
  readonly exit: Promise<ExecResult>;
  /** Writes to the command's stdin. */
  write(data: string | Uint8Array): Promise<void>;
  /** Closes the command's stdin (EOF). */
  end(): Promise<void>;
  /** Kills the command and its process tree. */
  kill(): Promise<void>;
}

/** A file to put into a container. */
export interface FileEntry {
  /** Absolute path inside the container (or relative to its working directory). */
  path: string;
  /** Content; strings are written as UTF-8. */
  content: Uint8Array | string;
  /** Unix permission bits. Default: `0o644`. */
  mode?: number;
}

/** Which logs to read. */
export interface LogOptions extends OpOptions {
  /** Only the last `n` lines; `0` returns none. */
  tail?: number;
  /** Only lines at or after this time (inclusive: a line written at `since` is included). */
  since?: Date;
  /** Only lines before this time (exclusive). */
  until?: Date;
  /** Prefix each line with its ISO timestamp in {@link ContainerDriver.getContainerLogs}. Default: `false`. */
  timestamps?: boolean;
  /** Include stdout. Default: `true`. */
  stdout?: boolean;
  /** Include stderr. Default: `true`. */
  stderr?: boolean;
}

/** Options of {@link ContainerDriver.logs$}. */
export interface LogStreamOptions extends LogOptions {
  /** Keep following new lines until the container exits. Default: `false`. */
  follow?: boolean;
}

/** One log line (without its trailing newline). */
export interface LogLine {
  /** Which stream it came from. */
  stream: 'stdout' | 'stderr';
  /** The line's text. */
  text: string;
  /** When the line was written. */
  timestamp: Date;
}

/** One resource usage sample. */
export interface StatsSample {
  /** The container sampled. */
  containerId: string;
  /** When the sample was taken. */
  timestamp: Date;
  /** CPU use as percent of one core (200 = two cores busy). Never NaN or negative. */
  cpuPercent: number;
  /** Memory in use, excluding page cache, in bytes. */
  memoryBytes: number;
  /** Memory limit in bytes (host memory when unlimited). */
  memoryLimitBytes: number;
  /** `memoryBytes / memoryLimitBytes * 100`. */
  memoryPercent: number;
  /** Number of processes/threads. */
  pids: number;
  /** Bytes received over the network. */
  networkRxBytes: number;
  /** Bytes sent over the network. */
  networkTxBytes: number;
  /** Bytes read from block devices. */
  blockReadBytes: number;
  /** Bytes written to block devices. */
  blockWriteBytes: number;
}

/** Options of {@link ContainerDriver.stats$}. */
export interface StatsStreamOptions {
  /** Time between samples in ms, where the driver polls. Default: 1000. */
  intervalMs?: number;
}

/** Kinds of lifecycle events. */
export type DriverEventType = 'created' | 'started' | 'exited' | 'oom' | 'stopped' | 'removed' | 'health';

/** A lifecycle event of a container. */
export interface DriverEvent {
  /** What happened. */
  type: DriverEventType;
  /** The container it happened to. */
  containerId: string;
  /** When it happened. */
  timestamp: Date;
  /** The container's session, when known. */
  sessionId?: string;
  /** The container's labels, when known. */
  labels?: Record<string, string>;
  /** For `exited`: the exit code. */
  exitCode?: number;
  /** For `health`: the new health. */
  healthy?: boolean;
  /** Host id when the driver spans several engines. */
  host?: string;
}

/** Selects events in {@link ContainerDriver.events$}. All given fields must match. */
export interface EventFilter {
  /** Only events of this container. */
  containerId?: string;
  /** Only events of containers of this session. */
  sessionId?: string;
  /** Only events of containers carrying all these labels. */
  labels?: Record<string, string>;
  /** Only these event types. */
  types?: DriverEventType[];
}

/** Kinds of objects an engine reports events about. */
export type EngineObjectType = 'container' | 'image' | 'network' | 'volume';

/**
 * An engine event about any object: containers, images, networks, volumes (the Docker client seed's
 * `getEvents()` stream), from {@link ContainerDriver.engineEvents$}. Unlike {@link DriverEvent} (container
 * lifecycle in Berth's words), `action` is the engine's own verb.
 */
export interface EngineEvent {
  /** What kind of object it is about. */
  type: EngineObjectType;
  /**
   * The engine's action, e.g. `create`, `start`, `die`, `destroy` (containers), `pull`, `tag`, `delete`
   * (images), `create`, `connect`, `disconnect`, `destroy` (networks), `create`, `mount`, `destroy` (volumes).
   */
  action: string;
  /** Id of the object (a container or network id, an image reference or id, a volume name). */
  id: string;
  /** Its name, when the engine says. */
  name?: string;
  /** The engine's attributes of the event (labels, image, exit code, container of a network connect …). */
  attributes: Record<string, string>;
  /** When it happened. */
  timestamp: Date;
  /** Host id when the driver spans several engines. */
  host?: string;
}

/** Selects events in {@link ContainerDriver.engineEvents$}. All given fields must match. */
export interface EngineEventFilter {
  /** Only these kinds of objects. Default (or `[]`): all four. */
  types?: EngineObjectType[];
  /** Only these actions. Default (or `[]`): all. */
  actions?: string[];
  /**
   * Only events of objects carrying all these labels. Docker puts labels on container and image events only:
   * with `labels`, volume and network events never match (select them by `types` and their `id`/`name`).
   */
  labels?: Record<string, string>;
}

/** Result of {@link ContainerDriver.healthCheck}. */
export interface DriverHealth {
  /** `true` when the driver can serve requests. */
  healthy: boolean;
  /** Round-trip time of the probe. */
  latencyMs: number;
  /** Driver-specific facts (engine version, API version, host id …). */
  details: Record<string, unknown>;
}
