import {
  BERTH_LABELS,
  ContainerConflictError,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerNotFoundError,
  type ContainerState,
  ContainerTimeoutError,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  DriverUnavailableError,
  type EventFilter,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type ExitStatus,
  type FileEntry,
  type ImageInfo,
  ImageNotFoundError,
  type LogLine,
  type LogOptions,
  type LogStreamOptions,
  type Network,
  type NetworkSpec,
  type OpOptions,
  type PullOptions,
  type RemoveOptions,
  raceAbort,
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type Volume,
  VolumeNotFoundError,
  type VolumeSpec,
  validateContainerSpec,
  validateExecSpec,
  validateVolumeSpec,
} from '@berth/core';
import type Docker from 'dockerode';
import { defer, filter, lastValueFrom, map, type Observable, switchMap, toArray } from 'rxjs';
import { connectionFromEnv } from '../config/connection-from-env.js';
import { DockerDriver } from '../docker-driver.js';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';
import { formatLogText } from '../logs/container-logs.js';
import { DeferredExecHandle } from '../pool/deferred-exec-handle.js';
import { DockerResourceClient } from '../resources/docker-resource-client.js';
import { refuseSwarmGaps, type SwarmContainerSpec, validateSwarmExtras } from './swarm-container-spec.js';
import type { SwarmDriverOptions } from './swarm-driver-options.js';
import { swarmEvents$ } from './swarm-events.js';
import { serviceLogs$ } from './swarm-logs.js';
import { SwarmNodeEngines } from './swarm-node-engines.js';
import {
  currentTask,
  exitCodeOf,
  isStarting,
  isTerminal,
  type SwarmNode,
  type SwarmService,
  type SwarmTask,
  toSwarmInstance,
} from './swarm-task.js';
import { namedVolumesOf, type ServiceSpecBody, SWARM_DRIVER_LABEL, toServiceSpec } from './to-service-spec.js';

/** Version of this driver. */
export const SWARM_DRIVER_VERSION = '0.1.0';

const NO_SUITABLE_NODE = /no suitable node/i;
const IMAGE_PROBLEM = /no such image|image .* not found|pull access denied|manifest unknown|repository does not exist/i;

/** What the driver knows of one container at one moment. */
interface Snapshot {
  service: SwarmService;
  tasks: SwarmTask[];
  task: SwarmTask | undefined;
  node: SwarmNode | undefined;
}

/**
 * Berth's driver for Docker Swarm: a Berth container is a one-replica service whose task is the container, so
 * placement over many hosts is Swarm's job, not Berth's. Lifecycle and logs go through a manager; exec, files,
 * stats and volumes go to the engine of the node running the task ({@link SwarmDriverOptions.nodes}).
 *
 * Mapping: `createContainer` creates the service with 0 replicas (`created`); `startContainer` scales it to 1
 * (or forces a new task after an exit) and resolves when the task runs; `stopContainer` scales to 0 with the
 * stop timeout as grace period; state comes from the newest task (`new…starting → created`, `running`,
 * `complete/failed/shutdown → exited`, `rejected → dead` with Swarm's reason, and `dead` when the task's node
 * is down). Gaps, refused with `ValidationError` rather than dropped: published ports, disk limits, an explicit
 * `noNewPrivileges: true` (API 1.41 services cannot set it: set it on the nodes' dockerd).
 *
 * @example
 * ```ts
 * const swarm = await SwarmDriver.connect({ nodes: { [workerNodeId]: { socketPath: '/var/run/worker.sock' } } });
 * const c = await swarm.createContainer({ image: 'berth/busybox:latest', command: ['sleep', '60'] });
 * await swarm.startContainer(c.id);
 * console.log((await swarm.getContainer(c.id))?.host); // the node the task landed on
 * ```
 */
export class SwarmDriver implements ContainerDriver {
  /** {@inheritDoc ContainerDriver.name} */
  readonly name = 'swarm';
  /** {@inheritDoc ContainerDriver.version} */
  readonly version = SWARM_DRIVER_VERSION;
  /** {@inheritDoc ContainerDriver.capabilities} */
  readonly capabilities: DriverCapabilities;
  /** Security defaults of the contract this driver cannot apply (documented, reported by `healthCheck`). */
  readonly securityGaps: readonly string[] = ['no-new-privileges (not settable on services before API 1.44)'];
  /** The manager's dockerode client. */
  readonly docker: Docker;
  readonly #manager: DockerDriver;
  readonly #nodes: SwarmNodeEngines;
  readonly #networks: DockerResourceClient;
  readonly #options: SwarmDriverOptions;
  readonly #labels = new Map<string, Record<string, string>>();
  #managerNodeId: Promise<string> | undefined;
  #disposed = false;

  /** @param options - manager connection, node endpoints and placement defaults. */
  constructor(options: SwarmDriverOptions = {}) {
    this.#options = options;
    this.#manager = new DockerDriver(
      options.docker !== undefined
        ? { docker: options.docker }
        : { connection: options.manager ?? connectionFromEnv() },
    );
    this.docker = this.#manager.docker;
    this.#nodes = new SwarmNodeEngines(this.#manager, () => this.#localNodeId(), options.nodes ?? {});
    this.#networks = new DockerResourceClient(this.docker, { networkDriver: 'overlay' });
    this.capabilities = {
      exec: true,
      files: true,
      volumes: true,
      networks: options.overlayNetworks ?? true,
      images: true,
      stats: true,
      events: true,
      ports: false,
      healthcheck: true,
      resourceLimits: { cpu: true, memory: true, pids: true, disk: false },
      isolation: 'container',
    };
  }

  /** Builds a driver and checks that it talks to an active swarm manager (`DriverUnavailableError` otherwise). */
  static async connect(options: SwarmDriverOptions = {}): Promise<SwarmDriver> {
    const driver = new SwarmDriver(options);
    await driver.ready();
    return driver;
  }

  /** Negotiates the API version and checks the engine is an active manager of a swarm. */
  async ready(): Promise<void> {
    await this.#manager.ready();
    await this.#localNodeId();
  }

  #localNodeId(): Promise<string> {
    this.#managerNodeId ??= (async () => {
      let info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string } };
      try {
        info = (await this.docker.info()) as typeof info;
      } catch (err) {
        throw mapDockerError(err, { operation: 'connect' });
      }
      if (info.Swarm?.LocalNodeState !== 'active' || info.Swarm.ControlAvailable !== true || !info.Swarm.NodeID) {
        throw new DriverUnavailableError(
          `The engine is not an active swarm manager (swarm state ${info.Swarm?.LocalNodeState ?? 'unknown'}); run bash scripts/swarm-up.sh or docker swarm init`,
          { operation: 'connect' },
        );
      }
      return info.Swarm.NodeID;
    })();
    this.#managerNodeId.catch(() => {
      this.#managerNodeId = undefined;
    });
    return this.#managerNodeId;
  }

  // ---- reads ---------------------------------------------------------------------------------------------

  async #service(id: string, operation: string): Promise<SwarmService> {
    await this.ready();
    try {
      const service = (await this.docker.getService(id).inspect()) as SwarmService;
      if (service.Spec.Labels?.[SWARM_DRIVER_LABEL] !== 'swarm') throw new ContainerNotFoundError(id, { operation });
      this.#labels.set(service.ID, { ...service.Spec.Labels });
      return service;
    } catch (err) {
      throw mapDockerError(err, { operation, id });
    }
  }

  async #tasks(serviceIds: string[], operation: string): Promise<SwarmTask[]> {
    if (serviceIds.length === 0) return [];
    try {
      return (await this.docker.listTasks({ filters: { service: serviceIds } })) as SwarmTask[];
    } catch (err) {
      throw mapDockerError(err, { operation });
    }
  }

  async #nodeById(nodeId: string | undefined): Promise<SwarmNode | undefined> {
    if (nodeId === undefined || nodeId === '') return undefined;
    try {
      return (await this.docker.getNode(nodeId).inspect()) as SwarmNode;
    } catch (err) {
      if (engineStatus(err) === 404) return undefined;
      throw mapDockerError(err, { operation: 'inspectNode', id: nodeId });
    }
  }

  async #snapshot(id: string, operation: string): Promise<Snapshot> {
    const service = await this.#service(id, operation);
    const tasks = (await this.#tasks([service.ID], operation)).filter((t) => t.ServiceID === service.ID);
    const task = currentTask(tasks);
    const node = await this.#nodeById(task?.NodeID);
    return { service, tasks, task, node };
  }

  #instance(s: Snapshot): ContainerInstance {
    return toSwarmInstance(s.service, s.task, s.node, this.name);
  }

  /** The engine and container id of the running task of a container (exec, files, stats). */
  async #taskContainer(
    id: string,
    operation: string,
  ): Promise<{ engine: DockerDriver; containerId: string; serviceId: string }> {
    const s = await this.#snapshot(id, operation);
    const containerId = s.task?.Status?.ContainerStatus?.ContainerID;
    const state = this.#instance(s).state;
    if (s.task === undefined || containerId === undefined || containerId === '' || s.node === undefined) {
      throw new ContainerConflictError(`Container ${s.service.ID} is not running (state ${state})`, {
        containerId: s.service.ID,
        operation,
      });
    }
    return { engine: await this.#nodes.driverFor(s.node, operation), containerId, serviceId: s.service.ID };
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.createContainer} */
  async createContainer(spec: SwarmContainerSpec, opts: OpOptions = {}): Promise<ContainerInstance> {
    const { placement: _placement, restart: _restart, ...base } = spec;
    validateContainerSpec(base);
    validateSwarmExtras(spec);
    refuseSwarmGaps(base);
    opts.signal?.throwIfAborted();
    await raceAbort(this.ready(), opts.signal);
    await raceAbort(this.#ensureImage(spec.image), opts.signal);
    const extraConstraints: string[] = [];
    for (const volume of namedVolumesOf(spec)) {
      const where = await this.#volumeConstraint(volume);
      if (where !== undefined) extraConstraints.push(where);
    }
    const body = toServiceSpec(spec, {
      ...(this.#options.placement === undefined ? {} : { placement: this.#options.placement }),
      extraConstraints,
      reserveLimits: this.#options.reserveLimits ?? true,
    });
    let serviceId: string;
    try {
      const created = (await raceAbort(
        this.docker.createService(body as unknown as Docker.CreateServiceOptions),
        opts.signal,
      )) as {
        id?: string;
        ID?: string;
      };
      serviceId = created.id ?? created.ID ?? '';
    } catch (err) {
      if (engineStatus(err) === 409) {
        throw new ContainerConflictError(`A service named ${spec.name ?? ''} already exists`, {
          operation: 'createContainer',
          cause: err,
        });
      }
      throw mapDockerError(err, { operation: 'createContainer', id: spec.name ?? spec.image });
    }
    this.#labels.set(serviceId, { ...body.Labels });
    return this.#instance(await this.#snapshot(serviceId, 'createContainer'));
  }

  /** An image every task could run: present on some known engine, or resolvable in its registry by the manager. */
  async #ensureImage(image: string): Promise<void> {
    const engines = this.#nodes.allDrivers();
    const present = await Promise.all(
      engines.map((e) =>
        e.docker
          .getImage(image)
          .inspect()
          .then(() => true)
          .catch(() => false),
      ),
    );
    if (present.some(Boolean)) return;
    try {
      // GET /distribution/{name}/json: the manager asks the image's registry (what `docker service create` does)
      await (this.docker.getImage(image) as unknown as { distribution(): Promise<unknown> }).distribution();
    } catch (err) {
      throw new ImageNotFoundError(image, { operation: 'createContainer', cause: err });
    }
  }

  async #update(service: SwarmService, change: (spec: ServiceSpecBody) => void, operation: string): Promise<void> {
    let current = service;
    for (let attempt = 0; ; attempt++) {
      const spec = structuredClone(current.Spec);
      change(spec);
      try {
        await this.docker.getService(current.ID).update({ _query: { version: current.Version?.Index }, _body: spec });
        return;
      } catch (err) {
        // "update out of sequence": someone else updated it first; re-read and apply again
        if (attempt < 3 && engineStatus(err) === 500 && /out of sequence/i.test(String(err))) {
          current = await this.#service(service.ID, operation);
          continue;
        }
        throw mapDockerError(err, { operation, id: service.ID });
      }
    }
  }

  async #poll(signal: AbortSignal | undefined): Promise<void> {
    await raceAbort(new Promise((r) => setTimeout(r, this.#options.pollIntervalMs ?? 100)), signal);
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  async startContainer(id: string, opts: OpOptions = {}): Promise<void> {
    const s = await this.#snapshot(id, 'startContainer');
    const task = s.task;
    if (
      task !== undefined &&
      !isTerminal(task) &&
      task.DesiredState === 'running' &&
      s.service.Spec.Mode.Replicated.Replicas > 0
    ) {
      return this.#awaitRunning(s.service.ID, new Set(), opts.signal);
    }
    const before = new Set(s.tasks.map((t) => t.ID));
    const restart = s.service.Spec.Mode.Replicated.Replicas > 0;
    await this.#update(
      s.service,
      (spec) => {
        spec.Mode.Replicated.Replicas = 1;
        if (restart) spec.TaskTemplate.ForceUpdate = (spec.TaskTemplate.ForceUpdate ?? 0) + 1;
      },
      'startContainer',
    );
    await this.#awaitRunning(s.service.ID, before, opts.signal);
  }

  /** Waits for a task not in `before` to run (or to have run and finished); a rejected task is a typed error. */
  async #awaitRunning(serviceId: string, before: Set<string>, signal: AbortSignal | undefined): Promise<void> {
    const timeoutMs = this.#options.startTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const tasks = (await this.#tasks([serviceId], 'startContainer')).filter(
        (t) => t.ServiceID === serviceId && !before.has(t.ID),
      );
      const task = currentTask(tasks);
      const state = task?.Status?.State;
      if (task !== undefined && (state === 'running' || state === 'complete' || state === 'failed')) return;
      if (task !== undefined && state === 'rejected')
        throw await this.#startFailure(serviceId, task, task.Status?.Err ?? 'rejected');
      if (task !== undefined && isStarting(task) && NO_SUITABLE_NODE.test(task.Status?.Err ?? '')) {
        throw await this.#startFailure(serviceId, task, task.Status?.Err ?? '');
      }
      if (Date.now() > deadline) {
        throw new ContainerTimeoutError('startContainer', timeoutMs, { containerId: serviceId });
      }
      await this.#poll(signal);
    }
  }

  /** Scales a service that cannot start back to 0 (so no task lingers) and builds the error with Swarm's reason. */
  async #startFailure(serviceId: string, task: SwarmTask, reason: string): Promise<Error> {
    const service = await this.#service(serviceId, 'startContainer').catch(() => undefined);
    if (service !== undefined) {
      await this.#update(service, (spec) => (spec.Mode.Replicated.Replicas = 0), 'startContainer').catch(
        () => undefined,
      );
    }
    const where = task.NodeID ? ` on node ${task.NodeID}` : '';
    if (IMAGE_PROBLEM.test(reason)) {
      return new ImageNotFoundError(service?.Spec.TaskTemplate.ContainerSpec.Image ?? '', {
        operation: 'startContainer',
        containerId: serviceId,
        cause: new Error(reason),
      });
    }
    return new ContainerConflictError(`Swarm could not start the task of ${serviceId}${where}: ${reason}`, {
      operation: 'startContainer',
      containerId: serviceId,
    });
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  async stopContainer(id: string, opts: StopOptions = {}): Promise<void> {
    const s = await this.#snapshot(id, 'stopContainer');
    if (s.service.Spec.Mode.Replicated.Replicas === 0 && (s.task === undefined || isTerminal(s.task))) return;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const graceNs = timeoutMs * 1_000_000;
    // Swarm stops the running task with the grace period of ITS spec: stop its container with ours as well.
    const live = s.task !== undefined && !isTerminal(s.task);
    const running = live ? await this.#taskContainer(id, 'stopContainer').catch(() => undefined) : undefined;
    await this.#update(
      s.service,
      (spec) => {
        spec.Mode.Replicated.Replicas = 0;
        spec.TaskTemplate.ContainerSpec.StopGracePeriod = graceNs;
      },
      'stopContainer',
    );
    await running?.engine.stopContainer(running.containerId, { timeoutMs }).catch(() => undefined);
    await this.#awaitSettled(s.service.ID, opts.signal, 'stopContainer');
  }

  /** Waits until no task of the service is running or starting (or its node is down). */
  async #awaitSettled(serviceId: string, signal: AbortSignal | undefined, operation: string): Promise<Snapshot> {
    for (;;) {
      signal?.throwIfAborted();
      const s = await this.#snapshot(serviceId, operation);
      const live = s.tasks.filter((t) => !isTerminal(t));
      const state = this.#instance(s).state;
      if (live.length === 0 || state === 'dead') return s;
      await this.#poll(signal);
    }
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  async restartContainer(id: string, opts: StopOptions = {}): Promise<void> {
    await this.stopContainer(id, opts);
    await this.startContainer(id, opts.signal === undefined ? {} : { signal: opts.signal });
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  async removeContainer(id: string, opts: RemoveOptions = {}): Promise<void> {
    opts.signal?.throwIfAborted();
    const s = await this.#snapshot(id, 'removeContainer');
    const state = this.#instance(s).state;
    if ((state === 'running' || (state === 'created' && s.task !== undefined)) && opts.force !== true) {
      throw new ContainerConflictError(`Container ${s.service.ID} is running; stop it first or pass force: true`, {
        containerId: s.service.ID,
        operation: 'removeContainer',
      });
    }
    try {
      await this.docker.getService(s.service.ID).remove();
    } catch (err) {
      throw mapDockerError(err, { operation: 'removeContainer', id: s.service.ID });
    }
    // Swarm removes the task containers asynchronously: remove the ones on known engines now, so none outlives us.
    await Promise.all(
      s.tasks.map(async (t) => {
        const cid = t.Status?.ContainerStatus?.ContainerID;
        const node = await this.#nodeById(t.NodeID).catch(() => undefined);
        if (cid === undefined || cid === '' || node === undefined || !(await this.#nodes.knows(node))) return;
        const engine = await this.#nodes.driverFor(node, 'removeContainer');
        await engine
          .removeContainer(cid, { force: true, removeVolumes: opts.removeVolumes ?? false })
          .catch(() => undefined);
      }),
    );
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  async waitContainer(id: string, opts: OpOptions = {}): Promise<ExitStatus> {
    for (;;) {
      opts.signal?.throwIfAborted();
      const s = await this.#snapshot(id, 'waitContainer');
      const state = this.#instance(s).state;
      if (s.task !== undefined && (isTerminal(s.task) || state === 'dead')) return this.#exitStatus(s);
      await this.#poll(opts.signal);
    }
  }

  async #exitStatus(s: Snapshot): Promise<ExitStatus> {
    const task = s.task as SwarmTask;
    const finished = Date.parse(task.Status?.Timestamp ?? '');
    let oomKilled = false;
    const cid = task.Status?.ContainerStatus?.ContainerID;
    if (
      cid !== undefined &&
      cid !== '' &&
      s.node !== undefined &&
      s.node.Status?.State === 'ready' &&
      (await this.#nodes.knows(s.node))
    ) {
      const engine = await this.#nodes.driverFor(s.node, 'waitContainer');
      const info = await engine.docker
        .getContainer(cid)
        .inspect()
        .catch(() => undefined);
      oomKilled = info?.State.OOMKilled ?? false;
    }
    return {
      exitCode: isTerminal(task) ? exitCodeOf(task) : 255,
      oomKilled,
      finishedAt: new Date(Number.isNaN(finished) ? Date.now() : finished),
    };
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  async getContainer(id: string): Promise<ContainerInstance | null> {
    try {
      return this.#instance(await this.#snapshot(id, 'getContainer'));
    } catch (err) {
      if (ContainerNotFoundError.is(err)) return null;
      throw err;
    }
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  async listContainers(f: ContainerFilter = {}): Promise<ContainerInstance[]> {
    await this.ready();
    const labels = Object.entries(f.labels ?? {}).map(([k, v]) => `${k}=${v}`);
    labels.push(`${SWARM_DRIVER_LABEL}=swarm`);
    if (f.sessionId !== undefined) labels.push(`${BERTH_LABELS.session}=${f.sessionId}`);
    let services: SwarmService[];
    let nodes: SwarmNode[];
    try {
      services = (await this.docker.listServices({ filters: { label: labels } })) as SwarmService[];
      nodes = (await this.docker.listNodes()) as SwarmNode[];
    } catch (err) {
      throw mapDockerError(err, { operation: 'listContainers' });
    }
    if (f.name !== undefined) services = services.filter((s) => s.Spec.Name === f.name);
    const tasks = await this.#tasks(
      services.map((s) => s.ID),
      'listContainers',
    );
    const states: ContainerState[] | undefined =
      f.state === undefined ? undefined : Array.isArray(f.state) ? f.state : [f.state];
    return services
      .map((service) => {
        const task = currentTask(tasks.filter((t) => t.ServiceID === service.ID));
        return toSwarmInstance(
          service,
          task,
          nodes.find((n) => n.ID === task?.NodeID),
          this.name,
        );
      })
      .filter((c) => (states === undefined ? c.state !== 'removed' : states.includes(c.state)));
  }

  // ---- in the task: exec, files, stats -------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.exec} */
  async exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    validateExecSpec(spec);
    const { engine, containerId } = await this.#taskContainer(id, 'exec');
    return engine.exec(containerId, spec);
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    validateExecSpec(spec);
    return new DeferredExecHandle(
      this.#taskContainer(id, 'execStream').then(({ engine, containerId }) => engine.execStream(containerId, spec)),
    );
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  async putFiles(id: string, files: FileEntry[], opts: OpOptions = {}): Promise<void> {
    const { engine, containerId } = await this.#taskContainer(id, 'putFiles');
    return engine.putFiles(containerId, files, opts);
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  async getFile(id: string, path: string, opts: OpOptions = {}): Promise<Uint8Array> {
    const { engine, containerId } = await this.#taskContainer(id, 'getFile');
    return engine.getFile(containerId, path, opts);
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  async getStats(id: string): Promise<StatsSample> {
    const { engine, containerId, serviceId } = await this.#taskContainer(id, 'getStats');
    return { ...(await engine.getStats(containerId)), containerId: serviceId };
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return defer(() => this.#taskContainer(id, 'stats$')).pipe(
      switchMap(({ engine, containerId, serviceId }) =>
        engine.stats$(containerId, opts).pipe(map((sample) => ({ ...sample, containerId: serviceId }))),
      ),
    );
  }

  /** {@inheritDoc ContainerDriver.isContainerHealthy} */
  async isContainerHealthy(id: string): Promise<boolean> {
    const s = await this.#snapshot(id, 'isContainerHealthy');
    if (this.#instance(s).state !== 'running' || s.node === undefined) return false;
    const containerId = s.task?.Status?.ContainerStatus?.ContainerID ?? '';
    const engine = await this.#nodes.driverFor(s.node, 'isContainerHealthy');
    return engine.isContainerHealthy(containerId);
  }

  // ---- logs and events -----------------------------------------------------------------------------------

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  async getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    opts.signal?.throwIfAborted();
    const lines = await raceAbort(
      lastValueFrom(this.logs$(id, { ...opts, follow: false }).pipe(toArray())),
      opts.signal,
    );
    return formatLogText(lines, opts.timestamps ?? false);
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return defer(async () => this.#service(id, 'logs$')).pipe(
      switchMap((service) =>
        serviceLogs$(
          this.docker,
          service.ID,
          async () => service.Spec.TaskTemplate.ContainerSpec.TTY,
          opts,
          (signal) => this.waitContainer(service.ID, { signal }),
        ),
      ),
      // the service logs endpoint has no `until`: applied here
      filter((line) => opts.until === undefined || line.timestamp.getTime() < opts.until.getTime()),
    );
  }

  /** {@inheritDoc ContainerDriver.events$} */
  events$(eventFilter?: EventFilter): Observable<DriverEvent> {
    return swarmEvents$(
      {
        manager: this.docker,
        engines: this.#nodes.allDrivers(),
        labelsOf: async (serviceId) => {
          const cached = this.#labels.get(serviceId);
          if (cached !== undefined) return cached;
          return (await this.#service(serviceId, 'events$').catch(() => undefined))?.Spec.Labels;
        },
        servicesOnNode: async (nodeId) => {
          // the orchestrator sets a lost node's tasks to desired `shutdown` at once; their last reported state stays live
          const tasks = (await this.docker.listTasks({ filters: { node: [nodeId] } })) as SwarmTask[];
          const live = tasks.filter((t) => !isTerminal(t) && t.ServiceID !== undefined);
          return [...new Set(live.map((t) => t.ServiceID as string))];
        },
        ...(this.#options.events === undefined ? {} : { options: this.#options.events }),
      },
      eventFilter,
    );
  }

  /** Swarm health: the manager answers, the swarm is active, and every node's state and availability. */
  async healthCheck(): Promise<DriverHealth> {
    const started = performance.now();
    try {
      await this.docker.ping();
      const managerNodeId = await this.#localNodeId();
      const nodes = (await this.docker.listNodes()) as SwarmNode[];
      const summary = await Promise.all(
        nodes.map(async (n) => ({
          id: n.ID,
          hostname: n.Description?.Hostname ?? '',
          role: n.Spec?.Role ?? '',
          state: n.Status?.State ?? 'unknown',
          availability: n.Spec?.Availability ?? 'unknown',
          address: n.Status?.Addr ?? '',
          engineKnown: await this.#nodes.knows(n),
        })),
      );
      return {
        healthy: true,
        latencyMs: performance.now() - started,
        details: {
          managerNodeId,
          nodes: summary,
          nodesReady: summary.filter((n) => n.state === 'ready').length,
          nodesDown: summary.filter((n) => n.state !== 'ready').length,
          securityGaps: [...this.securityGaps],
        },
      };
    } catch (err) {
      return {
        healthy: false,
        latencyMs: performance.now() - started,
        details: { error: mapDockerError(err, { operation: 'healthCheck' }).message },
      };
    }
  }

  // ---- volumes (node-local), networks (overlay), images (every node) ----------------------------------

  /** Engines with the Swarm constraint that places a task on each one's node. */
  async #enginesWithConstraint(): Promise<{ engine: DockerDriver; constraint: string }[]> {
    const managerId = await this.#localNodeId();
    const out = [{ engine: this.#manager, constraint: `node.id==${managerId}` }];
    const keys = Object.keys(this.#options.nodes ?? {});
    const engines = this.#nodes.allDrivers().slice(1);
    const nodes = (await this.docker.listNodes().catch(() => [])) as SwarmNode[];
    keys.forEach((key, i) => {
      const engine = engines[i];
      if (engine === undefined) return;
      const byId = nodes.some((n) => n.ID === key);
      out.push({ engine, constraint: byId ? `node.id==${key}` : `node.hostname==${key}` });
    });
    return out;
  }

  async #volumeConstraint(name: string): Promise<string | undefined> {
    for (const { engine, constraint } of await this.#enginesWithConstraint()) {
      const found = await engine.docker
        .getVolume(name)
        .inspect()
        .then(() => true)
        .catch(() => false);
      if (found) return constraint;
    }
    return undefined;
  }

  /**
   * Creates a named volume on one node ({@link SwarmDriverOptions.volumeNode}, default the manager's): Swarm
   * volumes are node-local, so a container mounting it is placed on that node.
   */
  async createVolume(spec: VolumeSpec): Promise<Volume> {
    validateVolumeSpec(spec);
    await this.ready();
    if ((await this.#volumeConstraint(spec.name)) !== undefined) {
      throw new ContainerConflictError(`Volume ${spec.name} already exists`, { operation: 'createVolume' });
    }
    const key = this.#options.volumeNode;
    const target =
      key === undefined
        ? this.#manager
        : await this.#nodes.driverFor({ ID: key, Description: { Hostname: key } }, 'createVolume');
    return target.createVolume(spec);
  }

  /** {@inheritDoc ContainerDriver.removeVolume} */
  async removeVolume(name: string): Promise<void> {
    await this.ready();
    let removed = false;
    for (const { engine } of await this.#enginesWithConstraint()) {
      try {
        await engine.removeVolume(name);
        removed = true;
      } catch (err) {
        if (!VolumeNotFoundError.is(err)) throw err;
      }
    }
    if (!removed) throw new VolumeNotFoundError(name, { operation: 'removeVolume' });
  }

  /** Volumes of every known node (by name; the first node holding a name wins). */
  async listVolumes(): Promise<Volume[]> {
    await this.ready();
    const byName = new Map<string, Volume>();
    for (const engine of this.#nodes.allDrivers()) {
      for (const v of await engine.listVolumes()) if (!byName.has(v.name)) byName.set(v.name, v);
    }
    return [...byName.values()];
  }

  /** Creates an attachable overlay network (swarm scope). */
  async createNetwork(spec: NetworkSpec): Promise<Network> {
    await this.ready();
    return this.#networks.createNetwork(spec);
  }
  /** {@inheritDoc ContainerDriver.removeNetwork} */
  async removeNetwork(id: string): Promise<void> {
    await this.ready();
    return this.#networks.removeNetwork(id);
  }
  /** {@inheritDoc ContainerDriver.listNetworks} */
  async listNetworks(): Promise<Network[]> {
    await this.ready();
    return this.#networks.listNetworks();
  }

  /** Pulls the image on every known node's engine (so a task can start wherever Swarm places it). */
  async pullImage(image: string, opts: PullOptions = {}): Promise<void> {
    await this.ready();
    await Promise.all(this.#nodes.allDrivers().map((e) => e.pullImage(image, opts)));
  }
  /** Images of every known node, de-duplicated by id. */
  async listImages(): Promise<ImageInfo[]> {
    await this.ready();
    const byId = new Map<string, ImageInfo>();
    for (const engine of this.#nodes.allDrivers()) {
      for (const image of await engine.listImages()) if (!byId.has(image.id)) byId.set(image.id, image);
    }
    return [...byId.values()];
  }
  /** Removes the image from every known node holding it (`ImageNotFoundError` when none does). */
  async removeImage(image: string, opts: { force?: boolean } = {}): Promise<void> {
    await this.ready();
    let removed = false;
    for (const engine of this.#nodes.allDrivers()) {
      try {
        await engine.removeImage(image, opts);
        removed = true;
      } catch (err) {
        if (!ImageNotFoundError.is(err)) throw err;
      }
    }
    if (!removed) throw new ImageNotFoundError(image, { operation: 'removeImage' });
  }

  /** {@inheritDoc ContainerDriver.dispose} */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    await this.#nodes.dispose();
    await this.#manager.dispose();
  }
}
