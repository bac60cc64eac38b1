import type { ContainerInstance } from './container-instance.js';

/** A published or exposed port of a container. */
export interface ContainerPort {
  /** Port inside the container. */
  privatePort: number;
  /** Port on the host, when published. */
  publicPort?: number;
  /** `tcp`, `udp` or `sctp`. */
  type: string;
  /** Host address it is published on, when published. */
  ip?: string;
}

/** A mount of a container. */
export interface ContainerMount {
  /** `bind`, `volume`, `tmpfs` … */
  type: string;
  /** Host path (bind) or volume name (volume). */
  source: string;
  /** Path inside the container. */
  destination: string;
  /** Engine mode string, e.g. `ro`, `z`, `''`. */
  mode: string;
  /** Writable from inside. */
  readWrite: boolean;
}

/**
 * Everything {@link ContainerDriver.inspectContainer} reports: the instance, plus how it was configured and
 * connected (the Docker client seed's `getContainer` detail: image id, command, ports, mounts, network mode).
 */
export interface ContainerDetails extends ContainerInstance {
  /** Id of the image it runs (`sha256:…`). */
  imageId: string;
  /** The main process argv (entrypoint followed by command). */
  command: string[];
  /** Environment variables (`KEY=value`, as set in the container). */
  env: string[];
  /** Working directory. */
  workingDir: string;
  /** User it runs as (`''`: the image's). */
  user: string;
  /** Exposed and published ports. */
  ports: ContainerPort[];
  /** Mounts. */
  mounts: ContainerMount[];
  /** Network mode, e.g. `bridge`, `none`, `host`, a network name. */
  networkMode: string;
  /** Address per network it is attached to. */
  networks: Record<string, { ipAddress: string; gateway: string }>;
  /** Exit code of the last run (0 when it never ran). */
  exitCode: number;
  /** When the last run finished, if it did. */
  finishedAt?: Date;
  /** Whether the last run was OOM-killed. */
  oomKilled: boolean;
  /** Restart count the engine recorded. */
  restartCount: number;
}
