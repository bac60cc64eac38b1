import { ContainerConflictError, ContainerTimeoutError, ImageNotFoundError, raceAbort } from '@berth/core';
import type { SwarmServiceClient, SwarmSnapshot } from './swarm-service-client.js';
import { currentTask, isStarting, isTerminal, type SwarmTask, toSwarmInstance } from './swarm-task.js';

const NO_SUITABLE_NODE = /no suitable node/i;
const IMAGE_PROBLEM = /no such image|image .* not found|pull access denied|manifest unknown|repository does not exist/i;

/** Tuning of {@link SwarmTaskWaits}. */
export interface SwarmTaskWaitOptions {
  /** How often task state is polled, in ms. Default 100. */
  pollIntervalMs?: number;
  /** How long {@link SwarmTaskWaits.running} waits before `ContainerTimeoutError`, in ms. Default 120 000. */
  startTimeoutMs?: number;
}

/**
 * The waits of the Swarm driver, each polling a service's tasks through the manager: until a new task runs (start),
 * until no task is live (stop), until the current task is over (wait). Every wait honours an abort signal.
 */
export class SwarmTaskWaits {
  readonly #services: SwarmServiceClient;
  readonly #options: SwarmTaskWaitOptions;

  /**
   * @param services - the manager's service client.
   * @param options - poll interval and start timeout.
   */
  constructor(services: SwarmServiceClient, options: SwarmTaskWaitOptions = {}) {
    this.#services = services;
    this.#options = options;
  }

  /**
   * Waits for a task not in `before` to run (or to have run and finished already). A task Swarm rejects, or one
   * no node can take, scales the service back to 0 and throws the typed error with Swarm's reason
   * (`ImageNotFoundError` for image problems, else `ContainerConflictError`); `ContainerTimeoutError` after
   * `startTimeoutMs`.
   */
  async running(serviceId: string, before: ReadonlySet<string>, signal: AbortSignal | undefined): Promise<void> {
    const timeoutMs = this.#options.startTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const tasks = (await this.#services.tasks([serviceId], 'startContainer')).filter(
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

  /** Waits until no task of the service is running or starting (or its node is down); the last snapshot. */
  async settled(serviceId: string, signal: AbortSignal | undefined, operation: string): Promise<SwarmSnapshot> {
    for (;;) {
      signal?.throwIfAborted();
      const s = await this.#services.snapshot(serviceId, operation);
      const live = s.tasks.filter((t) => !isTerminal(t));
      if (live.length === 0 || stateOf(s) === 'dead') return s;
      await this.#poll(signal);
    }
  }

  /**
   * Waits until the orchestrator has taken note that a task ended: the task is terminal and no longer desired
   * `running` (Swarm then sets it to `shutdown`). Only such a task outlives a scale to 0: Swarm 20.10 sets every
   * task still desired `running` to `remove` and deletes it, exit code and all, once it is over. Also returns when
   * the task is gone or its node is down, and after `settleTimeoutMs` (default 10 000) in any case.
   */
  async ended(
    serviceId: string,
    taskId: string,
    signal: AbortSignal | undefined,
    settleTimeoutMs = 10_000,
  ): Promise<void> {
    const deadline = Date.now() + settleTimeoutMs;
    for (;;) {
      signal?.throwIfAborted();
      const s = await this.#services.snapshot(serviceId, 'stopContainer');
      const task = s.tasks.find((t) => t.ID === taskId);
      if (task === undefined || (isTerminal(task) && task.DesiredState !== 'running') || stateOf(s) === 'dead') return;
      if (Date.now() > deadline) return;
      await this.#poll(signal);
    }
  }

  /** Waits until the current task is over (finished, or `dead` with its node); the snapshot that shows it. */
  async exited(id: string, signal: AbortSignal | undefined): Promise<SwarmSnapshot & { task: SwarmTask }> {
    for (;;) {
      signal?.throwIfAborted();
      const s = await this.#services.snapshot(id, 'waitContainer');
      if (s.task !== undefined && (isTerminal(s.task) || stateOf(s) === 'dead')) return { ...s, task: s.task };
      await this.#poll(signal);
    }
  }

  /** Scales a service that cannot start back to 0 (so no task lingers) and builds the error with Swarm's reason. */
  async #startFailure(serviceId: string, task: SwarmTask, reason: string): Promise<Error> {
    const service = await this.#services.service(serviceId, 'startContainer').catch(() => undefined);
    if (service !== undefined) {
      await this.#services
        .update(service, (spec) => (spec.Mode.Replicated.Replicas = 0), 'startContainer')
        .catch(() => undefined);
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

  async #poll(signal: AbortSignal | undefined): Promise<void> {
    await raceAbort(new Promise((r) => setTimeout(r, this.#options.pollIntervalMs ?? 100)), signal);
  }
}

/** The Berth state a snapshot shows. */
export function stateOf(s: SwarmSnapshot): ReturnType<typeof toSwarmInstance>['state'] {
  return toSwarmInstance(s.service, s.task, s.node, 'swarm').state;
}
