import { ContainerConflictError, ContainerNotFoundError, DriverUnavailableError, raceAbort } from '@berth/core';
import type Docker from 'dockerode';
import { engineStatus, mapDockerError } from '../errors/map-docker-error.js';
import { currentTask, isTerminal, type SwarmNode, type SwarmService, type SwarmTask } from './swarm-task.js';
import { type ServiceSpecBody, SWARM_DRIVER_LABEL } from './to-service-spec.js';

/** What the driver knows of one container (one service) at one moment. */
export interface SwarmSnapshot {
  /** The service (the Berth container). */
  service: SwarmService;
  /** Every task of the service. */
  tasks: SwarmTask[];
  /** The task that stands for the container now ({@link currentTask}). */
  task: SwarmTask | undefined;
  /** The node of that task, when it has one and the node still exists. */
  node: SwarmNode | undefined;
}

/**
 * The Swarm driver's calls to a manager's services, tasks and nodes API, each failure mapped to a typed Berth
 * error. Only services the Swarm driver made (`SWARM_DRIVER_LABEL=swarm`) are found; their labels are cached
 * (events need them after the service is gone).
 */
export class SwarmServiceClient {
  /** The manager's dockerode client. */
  readonly docker: Docker;
  readonly #labels = new Map<string, Record<string, string>>();
  readonly #ready: () => Promise<unknown>;
  #localNodeId: Promise<string> | undefined;

  /**
   * @param docker - a manager's dockerode client.
   * @param ready - awaited before a service is read (the driver's own readiness: API version, active manager).
   */
  constructor(docker: Docker, ready: () => Promise<unknown> = async () => undefined) {
    this.docker = docker;
    this.#ready = ready;
  }

  /** The manager's own node id; `DriverUnavailableError` when the engine is not an active swarm manager. */
  localNodeId(): Promise<string> {
    this.#localNodeId ??= (async () => {
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
    this.#localNodeId.catch(() => {
      this.#localNodeId = undefined;
    });
    return this.#localNodeId;
  }

  /** A service of this driver by id or name (`ContainerNotFoundError` otherwise); caches its labels. */
  async service(id: string, operation: string): Promise<SwarmService> {
    await this.#ready();
    try {
      const service = (await this.docker.getService(id).inspect()) as SwarmService;
      if (service.Spec.Labels?.[SWARM_DRIVER_LABEL] !== 'swarm') throw new ContainerNotFoundError(id, { operation });
      this.#labels.set(service.ID, { ...service.Spec.Labels });
      return service;
    } catch (err) {
      throw mapDockerError(err, { operation, id });
    }
  }

  /** Services of this driver carrying every label (`k=v`). */
  async services(labels: string[], operation: string): Promise<SwarmService[]> {
    try {
      return (await this.docker.listServices({
        filters: { label: [...labels, `${SWARM_DRIVER_LABEL}=swarm`] },
      })) as SwarmService[];
    } catch (err) {
      throw mapDockerError(err, { operation });
    }
  }

  /**
   * Refuses (`ContainerConflictError`) when a service of this driver mounts the named volume: a stopped service has
   * no container, so the engine alone would remove a volume it still uses.
   */
  async assertVolumeUnused(name: string): Promise<void> {
    const users = (await this.services([], 'removeVolume')).filter((svc) =>
      (svc.Spec.TaskTemplate.ContainerSpec.Mounts ?? []).some((m) => m.Type === 'volume' && m.Source === name),
    );
    if (users.length === 0) return;
    throw new ContainerConflictError(
      `Volume ${name} is in use by ${users.map((svc) => svc.ID).join(', ')}; remove those containers first`,
      { operation: 'removeVolume' },
    );
  }

  /** Tasks of the services (none asked: none returned). */
  async tasks(serviceIds: string[], operation: string): Promise<SwarmTask[]> {
    if (serviceIds.length === 0) return [];
    try {
      return (await this.docker.listTasks({ filters: { service: serviceIds } })) as SwarmTask[];
    } catch (err) {
      throw mapDockerError(err, { operation });
    }
  }

  /** Every node of the swarm. */
  async nodes(operation: string): Promise<SwarmNode[]> {
    try {
      return (await this.docker.listNodes()) as SwarmNode[];
    } catch (err) {
      throw mapDockerError(err, { operation });
    }
  }

  /** One node; `undefined` for no id or a node that is gone. */
  async node(nodeId: string | undefined): Promise<SwarmNode | undefined> {
    if (nodeId === undefined || nodeId === '') return undefined;
    try {
      return (await this.docker.getNode(nodeId).inspect()) as SwarmNode;
    } catch (err) {
      if (engineStatus(err) === 404) return undefined;
      throw mapDockerError(err, { operation: 'inspectNode', id: nodeId });
    }
  }

  /** The service, its tasks, its current task and that task's node. */
  async snapshot(id: string, operation: string): Promise<SwarmSnapshot> {
    const service = await this.service(id, operation);
    const tasks = (await this.tasks([service.ID], operation)).filter((t) => t.ServiceID === service.ID);
    const task = currentTask(tasks);
    const node = await this.node(task?.NodeID);
    return { service, tasks, task, node };
  }

  /** Creates the service; its id. A name in use is a `ContainerConflictError`. */
  async create(body: ServiceSpecBody, name: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    try {
      const created = (await raceAbort(
        this.docker.createService(body as unknown as Docker.CreateServiceOptions),
        signal,
      )) as { id?: string; ID?: string };
      const id = created.id ?? created.ID ?? '';
      this.#labels.set(id, { ...body.Labels });
      return id;
    } catch (err) {
      if (engineStatus(err) === 409) {
        throw new ContainerConflictError(`A service named ${name ?? ''} already exists`, {
          operation: 'createContainer',
          cause: err,
        });
      }
      throw mapDockerError(err, { operation: 'createContainer', id: name ?? body.TaskTemplate.ContainerSpec.Image });
    }
  }

  /** Applies `change` to the service's spec; re-reads and applies again when someone else updated it first. */
  async update(service: SwarmService, change: (spec: ServiceSpecBody) => void, operation: string): Promise<void> {
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
          current = await this.service(service.ID, operation);
          continue;
        }
        throw mapDockerError(err, { operation, id: service.ID });
      }
    }
  }

  /** Removes the service (Swarm then removes its tasks asynchronously). */
  async remove(serviceId: string): Promise<void> {
    try {
      await this.docker.getService(serviceId).remove();
    } catch (err) {
      throw mapDockerError(err, { operation: 'removeContainer', id: serviceId });
    }
  }

  /** A service's labels, cached or inspected; `undefined` when unknown (gone before it was ever seen). */
  async labelsOf(serviceId: string): Promise<Record<string, string> | undefined> {
    const cached = this.#labels.get(serviceId);
    if (cached !== undefined) return cached;
    return (await this.service(serviceId, 'events$').catch(() => undefined))?.Spec.Labels;
  }

  /** Services whose task on the node had not finished when the node was last heard of. */
  async servicesOnNode(nodeId: string): Promise<string[]> {
    // the orchestrator sets a lost node's tasks to desired `shutdown` at once; their last reported state stays live
    const tasks = (await this.docker.listTasks({ filters: { node: [nodeId] } })) as SwarmTask[];
    const live = tasks.filter((t) => !isTerminal(t) && t.ServiceID !== undefined);
    return [...new Set(live.map((t) => t.ServiceID as string))];
  }
}
