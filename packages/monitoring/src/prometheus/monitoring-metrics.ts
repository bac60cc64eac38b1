import { OPERATION_GROUPS, type OperationGroup } from '@berth/core';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ContainerMetrics } from '../metrics/index.js';

/** Options of {@link MonitoringMetrics}. */
export interface MonitoringMetricsOptions {
  /** Registry to register on (e.g. the hub's). Default: a new one (never prom-client's global registry). */
  registry?: Registry;
  /** Buckets of `berth_driver_operation_duration_seconds`, seconds. */
  operationBuckets?: number[];
  /** Buckets of `berth_session_execute_code_duration_seconds`, seconds. */
  executeCodeBuckets?: number[];
}

/** Labels of a monitored container's gauges. */
export interface ContainerLabels {
  /** Driver name. */
  driver: string;
  /** Host id (the hub's key of the driver); `default` when not given. */
  host: string;
}

/** Reads a breaker state of one driver, by group. */
interface BreakerSource {
  driver: string;
  host: string;
  read: (group: OperationGroup) => string;
}

/** Reads session statuses. */
type SessionCounter = () => Promise<ReadonlyArray<{ status: string }>>;

const BREAKER_STATES = ['closed', 'halfOpen', 'open'] as const;
const CONTAINER_LABELS = ['container', 'name', 'driver', 'host'] as const;
type ContainerLabel = (typeof CONTAINER_LABELS)[number];

/**
 * Every Prometheus metric of `@berth/monitoring`, on one registry (the given one, or a new one):
 *
 * | metric | type | labels |
 * | --- | --- | --- |
 * | `berth_driver_operation_duration_seconds` | histogram | driver, host, operation |
 * | `berth_driver_operations_total` | counter | driver, host, operation, outcome (`ok`/`error`/`rejected`/`aborted`) |
 * | `berth_driver_breaker_state` | gauge, 1 for the current state | driver, host, group, state (`closed`/`halfOpen`/`open`) |
 * | `berth_sessions` | gauge | status |
 * | `berth_session_events_total` | counter | type |
 * | `berth_session_execute_code_duration_seconds` | histogram | outcome (`ok`/`timeout`/`error`) |
 * | `berth_container_cpu_percent`, `_memory_bytes`, `_memory_limit_bytes`, `_memory_percent`, `_pids`, `_network_rx_bytes`, `_network_tx_bytes`, `_block_read_bytes`, `_block_write_bytes` | gauge | container, name, driver, host |
 * | `berth_alerts_firing` | gauge | rule, severity |
 * | `berth_alert_actions_total` | counter | action, outcome (`ok`/`error`) |
 *
 * Drivers are timed by `observeDriver`/`instrumentDriver`, sessions by `observeSessions`, containers by a
 * `ContainerMonitor` given these metrics. Breaker states and session counts are read at scrape time.
 *
 * @example
 * ```ts
 * const metrics = new MonitoringMetrics();
 * const driver = instrumentDriver(withResilience(new DockerDriver()), metrics, { host: 'local' });
 * http.createServer(async (_, res) => res.end(await metrics.registry.metrics()));
 * ```
 */
export class MonitoringMetrics {
  /** The registry every metric is on. */
  readonly registry: Registry;
  /** Latency of driver calls. */
  readonly operationDuration: Histogram<'driver' | 'host' | 'operation'>;
  /** Driver calls by outcome. */
  readonly operations: Counter<'driver' | 'host' | 'operation' | 'outcome'>;
  /** Session events by type. */
  readonly sessionEvents: Counter<'type'>;
  /** Duration of `executeCode` runs. */
  readonly executeCodeDuration: Histogram<'outcome'>;
  /** Firing alerts by rule. */
  readonly alertsFiring: Gauge<'rule' | 'severity'>;
  /** Alert action runs by outcome. */
  readonly alertActions: Counter<'action' | 'outcome'>;
  readonly #containerGauges: ReadonlyArray<[Gauge<ContainerLabel>, (m: ContainerMetrics) => number]>;
  /** Per monitored container: its labels and the gauges' children (labels hashed once, not per sample). */
  readonly #containers = new Map<
    string,
    {
      labels: Record<ContainerLabel, string>;
      children: Array<[{ set(v: number): void }, (m: ContainerMetrics) => number]>;
    }
  >();
  readonly #breakers = new Set<BreakerSource>();
  readonly #sessionCounters = new Set<SessionCounter>();

  /** @param options - registry and buckets. */
  constructor(options: MonitoringMetricsOptions = {}) {
    const registry = options.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    this.operationDuration = new Histogram({
      name: 'berth_driver_operation_duration_seconds',
      help: 'Latency of driver operations, by driver, host and operation',
      labelNames: ['driver', 'host', 'operation'],
      buckets: options.operationBuckets ?? [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.operations = new Counter({
      name: 'berth_driver_operations_total',
      help: 'Driver operations by outcome (ok, error = backend failure, rejected = refused input, aborted)',
      labelNames: ['driver', 'host', 'operation', 'outcome'],
      registers,
    });
    const breakers = this.#breakers;
    new Gauge({
      name: 'berth_driver_breaker_state',
      help: 'Circuit breaker state per operation group: 1 for the current state (closed, halfOpen, open)',
      labelNames: ['driver', 'host', 'group', 'state'],
      registers,
      collect() {
        this.reset();
        for (const source of breakers) {
          for (const group of OPERATION_GROUPS) {
            const current = source.read(group);
            for (const state of BREAKER_STATES) {
              this.set({ driver: source.driver, host: source.host, group, state }, state === current ? 1 : 0);
            }
          }
        }
      },
    });
    const sessionCounters = this.#sessionCounters;
    new Gauge({
      name: 'berth_sessions',
      help: 'Sessions by status',
      labelNames: ['status'],
      registers,
      async collect() {
        this.reset();
        const counts = new Map<string, number>();
        for (const list of sessionCounters) {
          for (const s of await list()) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
        }
        for (const [status, n] of counts) this.set({ status }, n);
      },
    });
    this.sessionEvents = new Counter({
      name: 'berth_session_events_total',
      help: 'Session events by type',
      labelNames: ['type'],
      registers,
    });
    this.executeCodeDuration = new Histogram({
      name: 'berth_session_execute_code_duration_seconds',
      help: 'Duration of executeCode runs, from the executing to the completed/failed event',
      labelNames: ['outcome'],
      buckets: options.executeCodeBuckets ?? [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    const gauge = (name: string, help: string): Gauge<ContainerLabel> =>
      new Gauge({ name: `berth_container_${name}`, help, labelNames: CONTAINER_LABELS, registers });
    this.#containerGauges = [
      [gauge('cpu_percent', 'CPU use of a monitored container, percent of one core'), (m) => m.cpu.percentage],
      [gauge('memory_bytes', 'Memory in use by a monitored container'), (m) => m.memory.usage],
      [gauge('memory_limit_bytes', 'Memory limit of a monitored container'), (m) => m.memory.limit],
      [
        gauge('memory_percent', 'Memory use of a monitored container, percent of its limit'),
        (m) => m.memory.percentage,
      ],
      [gauge('pids', 'Processes/threads of a monitored container'), (m) => m.pids],
      [gauge('network_rx_bytes', 'Bytes received by a monitored container'), (m) => m.network.rxBytes],
      [gauge('network_tx_bytes', 'Bytes sent by a monitored container'), (m) => m.network.txBytes],
      [gauge('block_read_bytes', 'Bytes read from block devices by a monitored container'), (m) => m.blockIO.readBytes],
      [
        gauge('block_write_bytes', 'Bytes written to block devices by a monitored container'),
        (m) => m.blockIO.writeBytes,
      ],
    ];
    this.alertsFiring = new Gauge({
      name: 'berth_alerts_firing',
      help: 'Alerts firing, by rule',
      labelNames: ['rule', 'severity'],
      registers,
    });
    this.alertActions = new Counter({
      name: 'berth_alert_actions_total',
      help: 'Alert action runs by action and outcome',
      labelNames: ['action', 'outcome'],
      registers,
    });
  }

  /**
   * Reports the breaker states of a driver at every scrape (a `ResilientDriver` from `withResilience`).
   *
   * @returns a function that stops reporting them.
   */
  watchBreakers(driver: string, host: string, read: (group: OperationGroup) => string): () => void {
    const source: BreakerSource = { driver, host, read };
    this.#breakers.add(source);
    return () => this.#breakers.delete(source);
  }

  /**
   * Counts sessions by status at every scrape.
   *
   * @returns a function that stops counting them.
   */
  countSessions(list: SessionCounter): () => void {
    this.#sessionCounters.add(list);
    return () => this.#sessionCounters.delete(list);
  }

  /** Sets the resource gauges of a monitored container from one sample. */
  recordContainer(metrics: ContainerMetrics, labels: ContainerLabels): void {
    let entry = this.#containers.get(metrics.containerId);
    if (entry === undefined) {
      const l = {
        container: metrics.containerId,
        name: metrics.containerName ?? '',
        driver: labels.driver,
        host: labels.host,
      };
      entry = { labels: l, children: this.#containerGauges.map(([g, value]) => [g.labels(l), value]) };
      this.#containers.set(metrics.containerId, entry);
    }
    for (const [child, value] of entry.children) child.set(value(metrics));
  }

  /** Removes the resource gauges of a container that is no longer monitored. */
  forgetContainer(containerId: string): void {
    const entry = this.#containers.get(containerId);
    if (entry === undefined) return;
    this.#containers.delete(containerId);
    for (const [g] of this.#containerGauges) g.remove(entry.labels);
  }
}
