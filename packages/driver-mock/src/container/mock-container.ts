import {
  BERTH_LABELS,
  type ContainerInstance,
  type ContainerSpec,
  type ContainerState,
  type ExitStatus,
  type HealthCheckLoop,
} from '@berth/core';
import { Subject } from 'rxjs';
import type { VirtualFs } from '../fs/virtual-fs.js';
import { LogStore } from '../logs/log-store.js';
import type { ShellProcess } from '../shell/shell-process.js';
import { describeStatus } from './describe-status.js';

/** Health of a container with a health check. */
export type HealthState = 'none' | 'starting' | 'healthy' | 'unhealthy';

/** What a {@link MockContainer} is made from. */
export interface MockContainerInit {
  /** 64-hex id. */
  id: string;
  /** Name. */
  name: string;
  /** The validated spec. */
  spec: ContainerSpec;
  /** Its filesystem (mounts applied). */
  fs: VirtualFs;
  /** `host:port` of the first published port, or `null`. */
  endpoint: string | null;
  /** Id (`sha256:…`) of the image it was created from. */
  imageId: string;
  /** Host port of each published port (same order as `spec.ports`). */
  hostPorts: number[];
}

/** The mock's record of one container: spec, state, logs, filesystem and running processes. */
export class MockContainer {
  /** 64-hex id. */
  readonly id: string;
  /** Name. */
  readonly name: string;
  /** The validated spec. */
  readonly spec: ContainerSpec;
  /** Filesystem. */
  readonly fs: VirtualFs;
  /** Published endpoint. */
  readonly endpoint: string | null;
  /** Id of the image it was created from (kept if the image is later removed, as engines do). */
  readonly imageId: string;
  /** Host port of each published port (same order as `spec.ports`). */
  readonly hostPorts: readonly number[];
  /** Labels, with `berth.session` when the spec has a session. */
  readonly labels: Record<string, string>;
  /** Session id, or `null`. */
  readonly sessionId: string | null;
  /** Creation time. */
  readonly createdAt = new Date();
  /** Logs, kept across restarts. */
  readonly logs = new LogStore();
  /** Emits the exit status each time the main process ends; completes on removal. */
  readonly exits$ = new Subject<ExitStatus>();
  /** Execs running now. */
  readonly execs = new Set<ShellProcess>();

  /** Lifecycle state. */
  state: ContainerState = 'created';
  /** Last start. */
  startedAt?: Date;
  /** Last exit. */
  lastExit?: ExitStatus;
  /** The main process while running. */
  main?: ShellProcess | undefined;
  /** Settles once the main process has exited and the exit is recorded. */
  mainDone?: Promise<void> | undefined;
  /** Set before killing for memory: the exit is reported as OOM. */
  oomPending = false;
  /** A stop in progress (concurrent stops share it). */
  stopping?: Promise<void> | undefined;
  /** Health, for containers with a health check. */
  health: HealthState = 'none';
  /** The running health-check loop, while the container runs with a health check. */
  healthLoop?: HealthCheckLoop | undefined;
  /** Stats samples taken so far. */
  statsTick = 0;
  /** CPU burners running now (`md5sum /dev/zero`): each keeps a core busy, up to the cpu limit. */
  burners = 0;
  /** Extra processes of running pipelines (counted against `resources.pids`). */
  forked = 0;

  /**
   * @param init - id, name, spec, filesystem, endpoint, image id and host ports.
   */
  constructor(init: MockContainerInit) {
    this.id = init.id;
    this.name = init.name;
    this.spec = init.spec;
    this.fs = init.fs;
    this.endpoint = init.endpoint;
    this.imageId = init.imageId;
    this.hostPorts = [...init.hostPorts];
    this.sessionId = init.spec.sessionId ?? init.spec.labels?.[BERTH_LABELS.session] ?? null;
    this.labels = { ...init.spec.labels };
    if (this.sessionId !== null) this.labels[BERTH_LABELS.session] = this.sessionId;
  }

  /** Environment of processes in the container (spec env over defaults). */
  get env(): Record<string, string> {
    return {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: this.id.slice(0, 12),
      HOME: '/root',
      ...this.spec.env,
    };
  }

  /** Working directory of processes. */
  get cwd(): string {
    return this.spec.workingDir ?? '/';
  }

  /** The public view. */
  toInstance(driver: string): ContainerInstance {
    const instance: ContainerInstance = {
      id: this.id,
      name: this.name,
      sessionId: this.sessionId,
      image: this.spec.image,
      state: this.state,
      status: describeStatus(this.state, this.startedAt, this.lastExit),
      endpoint: this.endpoint,
      createdAt: new Date(this.createdAt),
      labels: { ...this.labels },
      resources: { ...this.spec.resources },
      driver,
    };
    if (this.startedAt !== undefined) instance.startedAt = new Date(this.startedAt);
    return instance;
  }
}
