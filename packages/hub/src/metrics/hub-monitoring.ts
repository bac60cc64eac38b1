import type { BerthLogger, ContainerDriver, ContainerInstance, DriverEvent } from '@berth/core';
import {
  type AlertSink,
  ContainerMonitor,
  type DriverObservation,
  MonitoringMetrics,
  observeDriver,
  observeSessions,
  type SessionObservation,
  type SessionSourceLike,
} from '@berth/monitoring';
import type { Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { HubAlertSink } from './hub-alert-sink.js';

/** Whether and how the hub samples every running container of its drivers into the container gauges. */
export interface MonitorContainersOptions {
  /** Sampling period, ms. Default 5000. */
  intervalMs?: number;
}

/** What {@link HubMonitoring} observes. */
export interface HubMonitoringSources {
  /** The hub's registry: the monitoring metrics are registered on it, so `/metrics` serves them. */
  registry: Registry;
  /**
   * Drivers by host id. Each is observed in place at its innermost driver (under `withResilience`, the engine's
   * driver), so a call is timed whoever makes it: the hub through this driver, a session manager or user code
   * through another wrapper or a `DockerHostPool` that routes to the same host driver. Breakers are read from the
   * given driver.
   */
  drivers: ReadonlyMap<string, ContainerDriver>;
  /** The session manager, when the hub has one. */
  sessions?: SessionSourceLike | undefined;
  /** Alert frames to the hub's event subscribers. */
  alerts: HubAlertSink;
  /** Sample every running container (off by default: one `stats$` stream per container). */
  monitorContainers?: boolean | MonitorContainersOptions | undefined;
  /** Logger of the container monitors. */
  logger: BerthLogger;
}

/**
 * The hub's monitoring: {@link MonitoringMetrics} on the hub's registry, every driver observed in place at its
 * innermost driver (`berth_driver_*` for every call that reaches a host's driver, whoever makes it: the hub, the
 * session manager over a resilient host pool, user code holding the raw driver; each try of a retried call), breaker
 * states, sessions by status and `executeCode` durations from the session manager's events, and, with
 * `monitorContainers`, one {@link ContainerMonitor} per driver sampling every running container (started
 * ones join through `events$`) into the `berth_container_*` gauges. Add alert rules to a host's monitor with
 * {@link monitor}; its `hub` action writes `alert` frames to the hub's subscribers.
 */
export class HubMonitoring {
  /** The metrics (on the hub's registry); pass them to your own `ContainerMonitor` to add its gauges. */
  readonly metrics: MonitoringMetrics;
  readonly #observations: Array<DriverObservation | SessionObservation> = [];
  readonly #monitors = new Map<string, ContainerMonitor>();
  readonly #subscriptions: Subscription[] = [];
  readonly #alerts: HubAlertSink;
  #closed = false;

  /** @param sources - registry, drivers, sessions, alert sink and options. */
  constructor(sources: HubMonitoringSources) {
    this.metrics = new MonitoringMetrics({ registry: sources.registry });
    this.#alerts = sources.alerts;
    for (const [host, driver] of sources.drivers) {
      this.#observations.push(observeDriver(driver, this.metrics, { host, innermost: true }));
    }
    if (sources.sessions !== undefined) this.#observations.push(observeSessions(sources.sessions, this.metrics));
    const auto = sources.monitorContainers;
    if (auto === undefined || auto === false) return;
    const intervalMs = auto === true ? 5000 : (auto.intervalMs ?? 5000);
    for (const [host, driver] of sources.drivers) {
      const monitor = new ContainerMonitor(driver, {
        metrics: this.metrics,
        host,
        intervalMs,
        hub: this.#alerts.forHost(host),
        logger: sources.logger,
      });
      this.#monitors.set(host, monitor);
      if (driver.capabilities.events) {
        this.#subscriptions.push(
          driver.events$({ types: ['started'] }).subscribe({
            // the instance carries the name, for the gauges' `name` label
            next: (e: DriverEvent) =>
              void driver.getContainer(e.containerId).then(
                (c) => {
                  if (c !== null && c.state === 'running') this.#start(monitor, c);
                },
                () => undefined,
              ),
            error: (err: unknown) => sources.logger.warn({ err, host }, 'monitoring: events$ failed'),
          }),
        );
      }
      driver.listContainers({ state: 'running' }).then(
        (running) => {
          for (const c of running) this.#start(monitor, c);
        },
        (err: unknown) => sources.logger.warn({ err, host }, 'monitoring: listing running containers failed'),
      );
    }
  }

  /** The container monitor of a host (with `monitorContainers`), to add alert rules to. */
  monitor(host: string): ContainerMonitor | undefined {
    return this.#monitors.get(host);
  }

  /** The `hub` alert action's sink for alerts of `host`'s containers, for a `ContainerMonitor` of your own. */
  alertSink(host?: string): AlertSink {
    return host === undefined ? this.#alerts : this.#alerts.forHost(host);
  }

  /** Stops the monitors and restores the drivers' methods. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const s of this.#subscriptions.splice(0)) s.unsubscribe();
    await Promise.all([...this.#monitors.values()].map((m) => m.dispose()));
    this.#monitors.clear();
    for (const o of this.#observations.splice(0)) o.detach();
  }

  /** Starts monitoring unless closed (a listing or lookup may answer after {@link close}). */
  #start(monitor: ContainerMonitor, container: ContainerInstance): void {
    if (!this.#closed) monitor.startMonitoring(container);
  }
}
