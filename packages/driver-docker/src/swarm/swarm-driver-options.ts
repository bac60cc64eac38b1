import type Docker from 'dockerode';
import type { DockerConnectionOptions } from '../config/docker-connection-options.js';
import type { DockerDriver } from '../docker-driver.js';
import type { EngineEventStreamOptions } from '../events/engine-event-stream.js';
import type { SwarmPlacement } from './swarm-container-spec.js';

/** Options of {@link SwarmDriver}. */
export interface SwarmDriverOptions {
  /**
   * The `DockerDriver` of a manager node's engine (injected; the swarm driver disposes it with itself). When given,
   * {@link docker} and {@link manager} are not used. Default: one built on {@link docker} or {@link manager}.
   */
  managerDriver?: DockerDriver;
  /** A dockerode client of a manager node (injected). Default: one built from {@link manager}. */
  docker?: Docker;
  /** Where a manager's engine is. Default: from `DOCKER_HOST` etc. */
  manager?: DockerConnectionOptions;
  /**
   * Engine endpoint per node id or hostname, for exec, files, stats, oom status and volumes of tasks on that node.
   * The manager's own node needs no entry. A task on a node with no entry gives a `DriverUnavailableError`
   * naming the node for those operations (lifecycle and logs still work: they go through the manager).
   */
  nodes?: Record<string, DockerConnectionOptions>;
  /** Placement applied to every container (the spec's own constraints are added to it). Default: none. */
  placement?: SwarmPlacement;
  /** Reserve the CPU and memory the limits ask for, so Swarm only places a task where it fits. Default `true`. */
  reserveLimits?: boolean;
  /**
   * `true` (default): `createNetwork` creates attachable overlay networks (capability `networks`). Set `false`
   * where the swarm's data path cannot carry VXLAN (e.g. several nodes in one network namespace, as in the
   * one-machine test swarm): `capabilities.networks` is then `false`.
   */
  overlayNetworks?: boolean;
  /** Node (id or hostname, a key of {@link nodes}, or the manager's node when absent) that `createVolume` uses. */
  volumeNode?: string;
  /** How often task state is polled while starting, stopping or waiting, in ms. Default 100. */
  pollIntervalMs?: number;
  /** How long `startContainer` waits for a task to run before `ContainerTimeoutError`, in ms. Default 120 000. */
  startTimeoutMs?: number;
  /** Reconnect tuning of `events$`. */
  events?: EngineEventStreamOptions;
  /**
   * The nodes' dockerd run with `--no-new-privileges` (daemon.json `"no-new-privileges": true`). Services on API
   * 1.41 cannot set the flag themselves, so without this a spec asking for it (`security.noNewPrivileges: true`,
   * the seed's `securityOpts: ['no-new-privileges']`) is refused with `ValidationError` and `healthCheck()` lists it
   * under `securityGaps`; with it, such a spec is accepted and the gap is gone. Berth takes the operator's word (it
   * cannot read a daemon's default). Default `false`.
   */
  nodesEnforceNoNewPrivileges?: boolean;
}
