import type { StopOptions } from '@berth/core';
import type { DockerDriver } from '../docker-driver.js';
import type { SwarmServiceClient, SwarmSnapshot } from './swarm-service-client.js';
import { isTerminal } from './swarm-task.js';
import type { SwarmTaskWaits } from './swarm-task-waits.js';

/** The engine and container id of a container's running task, or `undefined` when it has none reachable. */
export type SwarmRunningTask = (id: string) => Promise<{ engine: DockerDriver; containerId: string } | undefined>;

/**
 * The stop path of the {@link SwarmDriver}: the running task's container is stopped through its node's engine
 * (SIGTERM, which docker-init forwards, then SIGKILL after `timeoutMs`) and the stop waits until the orchestrator
 * has recorded the task as ended. A service with restart condition `none` then keeps its one replica: Swarm does
 * not restart the ended task, and scaling to 0 would delete it (Swarm 20.10 removes a finished "do not restart"
 * task on scale-down, container included, about a second after) and with it the exit code. A service that restarts
 * is scaled to 0 (its ended task, superseded by the pending restart, stays). A task whose node has no known engine
 * is stopped by the scale to 0 itself (`StopGracePeriod = timeoutMs`): Swarm then deletes it and the container has
 * no exit status left.
 */
export class SwarmStopper {
  readonly #services: SwarmServiceClient;
  readonly #waits: SwarmTaskWaits;
  readonly #runningTask: SwarmRunningTask;

  /**
   * @param services - services and tasks through the manager.
   * @param waits - the polling waits on a service's tasks.
   * @param runningTask - the engine and container id of a container's running task (undefined when unreachable).
   */
  constructor(services: SwarmServiceClient, waits: SwarmTaskWaits, runningTask: SwarmRunningTask) {
    this.#services = services;
    this.#waits = waits;
    this.#runningTask = runningTask;
  }

  /**
   * Stops the container whose snapshot is `s` (options already validated); resolves when its service is settled.
   * Nothing is done when nothing runs (already over, or never started).
   */
  async stop(s: SwarmSnapshot, opts: StopOptions = {}): Promise<void> {
    const live = s.tasks.some((t) => !isTerminal(t));
    // nothing runs: over already (a kept task, see above), or never started
    if (!live && (s.task !== undefined || s.service.Spec.Mode.Replicated.Replicas === 0)) return;
    const timeoutMs = opts.timeoutMs ?? 10_000;
    const task = s.task !== undefined && !isTerminal(s.task) ? s.task : undefined;
    const running = task !== undefined ? await this.#runningTask(s.service.ID) : undefined;
    const stopped =
      running !== undefined &&
      (await running.engine.stopContainer(running.containerId, { timeoutMs }).then(
        () => true,
        () => false,
      ));
    if (stopped && task !== undefined) {
      await this.#waits.ended(s.service.ID, task.ID, opts.signal);
      if (s.service.Spec.TaskTemplate.RestartPolicy.Condition === 'none') {
        await this.#waits.settled(s.service.ID, opts.signal, 'stopContainer');
        return;
      }
    }
    await this.#services.update(
      s.service,
      (spec) => {
        spec.Mode.Replicated.Replicas = 0;
        // no task stopped here: Swarm stops it with the grace period of its spec, so give that ours
        if (!stopped) spec.TaskTemplate.ContainerSpec.StopGracePeriod = timeoutMs * 1_000_000;
      },
      'stopContainer',
    );
    await this.#waits.settled(s.service.ID, opts.signal, 'stopContainer');
  }
}
