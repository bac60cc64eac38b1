import type { ResourceLimits } from './container-spec.js';

/**
 * Lifecycle states: `created → running → (paused) → exited → removed`, plus `dead`
 * (the driver lost the container in a way it cannot recover from).
 */
export type ContainerState = 'created' | 'running' | 'paused' | 'exited' | 'removed' | 'dead';

/** All lifecycle states, in lifecycle order. */
export const CONTAINER_STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'exited',
  'removed',
  'dead',
];

/** A container as a driver reports it. */
export interface ContainerInstance {
  /** Driver-assigned id; stable for the container's life. */
  id: string;
  /** Container name. */
  name: string;
  /** The session this container belongs to, or `null`. */
  sessionId: string | null;
  /** Image reference the container was created from. */
  image: string;
  /** Current lifecycle state. */
  state: ContainerState;
  /** Human-readable status, e.g. `Up 3 seconds` or `Exited (0)`. */
  status: string;
  /** Address to reach the container (e.g. `127.0.0.1:49153`), or `null` when it publishes nothing. */
  endpoint: string | null;
  /** When the container was created. */
  createdAt: Date;
  /** When the container last started. */
  startedAt?: Date;
  /** All labels, including Berth's own (`berth.*`). */
  labels: Record<string, string>;
  /** Resource limits in effect. */
  resources: ResourceLimits;
  /** Name of the driver that runs it. */
  driver: string;
  /** Host id when the driver spans several engines (see `DockerHostPool`). */
  host?: string;
}

/** How a container's main process ended. */
export interface ExitStatus {
  /** Exit code; `128 + n` when killed by signal `n`. */
  exitCode: number;
  /** `true` when the process was killed for exceeding its memory limit. */
  oomKilled: boolean;
  /** When the process ended. */
  finishedAt: Date;
}

/** Selects containers in {@link ContainerDriver.listContainers}. All given fields must match. */
export interface ContainerFilter {
  /** Every given label must be present with this value. */
  labels?: Record<string, string>;
  /** Only containers of this session (`berth.session` label). */
  sessionId?: string;
  /** Only containers in one of these states. Default: every state but `removed`. */
  state?: ContainerState | ContainerState[];
  /** Only the container with this exact name. */
  name?: string;
}
