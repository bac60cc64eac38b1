import {
  type BerthLogger,
  type Clock,
  type ContainerDriver,
  type ContainerInstance,
  systemClock,
  ValidationError,
} from '@berth/core';
import { type Observable, Subject, type Subscription } from 'rxjs';
import { type ActionContext, actionName, runAlertAction } from '../actions/index.js';
import { type Alert, type AlertRule, RuleEpisode, validateAlertRule } from '../alerts/index.js';
import { type ContainerMetrics, toContainerMetrics } from '../metrics/index.js';
import { consoleLogger } from './console-logger.js';
import type { ContainerMonitorOptions, MonitorError } from './container-monitor-options.js';

/** One monitored container. */
interface Target {
  name: string | undefined;
  subscription: Subscription | undefined;
  episodes: Map<string, RuleEpisode>;
  last: ContainerMetrics | undefined;
}

/**
 * Watches containers' resource usage (`driver.stats$`) and evaluates alert rules on every sample, as the
 * driver-interface seed writes it. A rule fires once per episode: when its condition has held for `forMs`
 * (and `cooldownMs` after its last firing on that container), then `resolved` when it stops holding. Each
 * transition goes to {@link alerts$} and to the rule's actions (`log`, `webhook`, `hub`, or a function);
 * action failures never reach the sampling path, they go to {@link errors$}. Works without a hub.
 *
 * @example
 * ```ts
 * const monitor = new ContainerMonitor(driver);
 * monitor.addAlertRule({
 *   id: 'high-cpu-usage',
 *   name: 'High CPU Usage',
 *   condition: (metrics) => metrics.cpu.percentage > 80,
 *   severity: 'high',
 *   actions: [{ type: 'log' }, { type: 'webhook', config: { url: 'https://hooks.example.com/alerts' } }],
 * });
 * const container = await driver.createContainer(config);
 * await driver.startContainer(container.id);
 * monitor.startMonitoring(container);
 * ```
 */
export class ContainerMonitor {
  /** Every alert transition (`firing`, `resolved`), hot. Completes on {@link dispose}. */
  readonly alerts$: Observable<Alert>;
  /** Every sample of every monitored container, hot. Completes on {@link dispose}. */
  readonly metrics$: Observable<ContainerMetrics>;
  /** Failed actions, throwing conditions, failed `stats$` streams, hot. Completes on {@link dispose}. */
  readonly errors$: Observable<MonitorError>;

  readonly #driver: ContainerDriver;
  readonly #clock: Clock;
  readonly #logger: BerthLogger;
  readonly #options: ContainerMonitorOptions;
  readonly #actions: ActionContext;
  readonly #rules = new Map<string, AlertRule>();
  readonly #targets = new Map<string, Target>();
  readonly #firing = new Map<string, Alert>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #alerts = new Subject<Alert>();
  readonly #samples = new Subject<ContainerMetrics>();
  readonly #errors = new Subject<MonitorError>();
  readonly #abort = new AbortController();
  #disposed = false;

  /**
   * @param driver - the driver whose containers are monitored (any `ContainerDriver`).
   * @param options - clock, logger, sampling period, metrics, hub sink, webhook defaults.
   */
  constructor(driver: ContainerDriver, options: ContainerMonitorOptions = {}) {
    const intervalMs = options.intervalMs;
    if (intervalMs !== undefined && (!Number.isFinite(intervalMs) || intervalMs <= 0)) {
      throw new ValidationError([{ path: 'intervalMs', message: 'must be a number of ms > 0' }], {}, 'monitor options');
    }
    this.#driver = driver;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? consoleLogger;
    this.#actions = {
      logger: this.#logger,
      hub: options.hub,
      webhook: {
        timeoutMs: options.webhook?.timeoutMs ?? 5000,
        retries: options.webhook?.retries ?? 2,
        retryDelayMs: options.webhook?.retryDelayMs ?? 500,
      },
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      signal: this.#abort.signal,
    };
    this.alerts$ = this.#alerts.asObservable();
    this.metrics$ = this.#samples.asObservable();
    this.errors$ = this.#errors.asObservable();
  }

  /**
   * Adds a rule; it applies to every monitored container from the next sample on.
   *
   * @throws ValidationError for a malformed rule or an id already in use.
   */
  addAlertRule(rule: AlertRule): void {
    const valid = validateAlertRule(rule);
    if (this.#rules.has(valid.id)) {
      throw new ValidationError(
        [{ path: 'id', message: `rule ${valid.id} exists; removeAlertRule('${valid.id}') first` }],
        {},
        'alert rule',
      );
    }
    this.#rules.set(valid.id, { ...valid, actions: [...(valid.actions ?? [])] });
  }

  /**
   * Removes a rule; its firing alerts resolve (reason `removed`).
   *
   * @returns `false` when there was no such rule.
   */
  removeAlertRule(id: string): boolean {
    const rule = this.#rules.get(id);
    if (rule === undefined) return false;
    for (const [containerId, target] of this.#targets) {
      const episode = target.episodes.get(id);
      target.episodes.delete(id);
      if (episode?.end() === 'resolve') this.#resolve(rule, containerId, target, 'removed');
    }
    this.#rules.delete(id);
    return true;
  }

  /** The rules, in the order they were added. */
  get rules(): AlertRule[] {
    return [...this.#rules.values()];
  }

  /** Ids of the monitored containers. */
  get monitored(): string[] {
    return [...this.#targets.keys()];
  }

  /** The alerts firing now. */
  firing(): Alert[] {
    return [...this.#firing.values()];
  }

  /**
   * Starts sampling a running container (a no-op when it is already monitored). Monitoring ends by itself when
   * the container exits (its `stats$` completes); firing alerts then resolve (reason `stopped`).
   *
   * @param container - the container (its name labels alerts) or its id.
   * @throws ValidationError after {@link dispose}, or for an empty id.
   */
  startMonitoring(container: ContainerInstance | string): void {
    const id = typeof container === 'string' ? container : container.id;
    if (this.#disposed) {
      throw new ValidationError(
        [{ path: 'monitor', message: 'is disposed; create a new ContainerMonitor' }],
        {},
        'monitor',
      );
    }
    if (typeof id !== 'string' || id.length === 0) {
      throw new ValidationError(
        [{ path: 'container', message: 'give a ContainerInstance or a container id' }],
        {},
        'container',
      );
    }
    if (this.#targets.has(id)) return;
    const target: Target = {
      name: typeof container === 'string' ? undefined : container.name,
      subscription: undefined,
      episodes: new Map(),
      last: undefined,
    };
    this.#targets.set(id, target);
    const opts = this.#options.intervalMs === undefined ? {} : { intervalMs: this.#options.intervalMs };
    const subscription = this.#driver.stats$(id, opts).subscribe({
      next: (sample) => this.#onSample(id, target, toContainerMetrics(sample, target.name)),
      error: (error: unknown) => {
        this.#logger.warn({ containerId: id, err: error }, 'stats$ failed; monitoring of the container stopped');
        this.#errors.next({ kind: 'stats', containerId: id, error });
        this.#end(id, target);
      },
      complete: () => this.#end(id, target),
    });
    // a synchronous completion already removed the target
    if (this.#targets.get(id) === target) target.subscription = subscription;
    else subscription.unsubscribe();
  }

  /**
   * Stops sampling a container; its firing alerts resolve (reason `stopped`) and its gauges are removed.
   *
   * @returns `false` when it was not monitored.
   */
  stopMonitoring(containerId: string): boolean {
    const target = this.#targets.get(containerId);
    if (target === undefined) return false;
    this.#end(containerId, target);
    return true;
  }

  /** Resolves once every action started so far has settled (webhooks delivered or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Stops every monitoring (firing alerts resolve), waits for actions in flight (webhook retries are
   * aborted), and completes the streams. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const [id, target] of [...this.#targets]) this.#end(id, target);
    this.#abort.abort(new Error('ContainerMonitor disposed'));
    await this.idle();
    this.#alerts.complete();
    this.#samples.complete();
    this.#errors.complete();
  }

  #onSample(containerId: string, target: Target, metrics: ContainerMetrics): void {
    target.last = metrics;
    this.#options.metrics?.recordContainer(metrics, {
      driver: this.#driver.name,
      host: this.#options.host ?? 'default',
    });
    this.#samples.next(metrics);
    const now = this.#clock.now().getTime();
    for (const rule of this.#rules.values()) {
      let episode = target.episodes.get(rule.id);
      if (episode === undefined) {
        episode = new RuleEpisode(rule.forMs ?? 0, rule.cooldownMs ?? 0);
        target.episodes.set(rule.id, episode);
      }
      const transition = episode.observe(now, this.#holds(rule, metrics));
      if (transition === 'fire') this.#fire(rule, containerId, target, metrics);
      else if (transition === 'resolve') this.#resolve(rule, containerId, target, 'condition');
    }
  }

  #holds(rule: AlertRule, metrics: ContainerMetrics): boolean {
    try {
      return rule.condition(metrics) === true;
    } catch (error) {
      this.#errors.next({ kind: 'condition', ruleId: rule.id, containerId: metrics.containerId, error });
      return false;
    }
  }

  #fire(rule: AlertRule, containerId: string, target: Target, metrics: ContainerMetrics): void {
    const at = this.#clock.now();
    const alert: Alert = {
      ruleId: rule.id,
      ruleName: rule.name,
      severity: rule.severity,
      state: 'firing',
      containerId,
      ...(target.name === undefined ? {} : { containerName: target.name }),
      startedAt: at,
      at,
      metrics,
      ...(rule.description === undefined ? {} : { description: rule.description }),
    };
    this.#firing.set(`${rule.id}\u0000${containerId}`, alert);
    this.#options.metrics?.alertsFiring.inc({ rule: rule.id, severity: rule.severity });
    this.#emit(rule, alert);
  }

  #resolve(rule: AlertRule, containerId: string, target: Target, reason: 'condition' | 'stopped' | 'removed'): void {
    const key = `${rule.id}\u0000${containerId}`;
    const fired = this.#firing.get(key);
    if (fired === undefined) return;
    this.#firing.delete(key);
    this.#options.metrics?.alertsFiring.dec({ rule: rule.id, severity: rule.severity });
    const alert: Alert = {
      ...fired,
      state: 'resolved',
      at: this.#clock.now(),
      metrics: target.last ?? fired.metrics,
      reason,
    };
    if (rule.notifyResolved === false) {
      this.#alerts.next(alert);
      return;
    }
    this.#emit(rule, alert);
  }

  #emit(rule: AlertRule, alert: Alert): void {
    this.#alerts.next(alert);
    for (const action of rule.actions ?? []) {
      const name = actionName(action);
      const run = runAlertAction(alert, action, this.#actions).then(
        () => {
          this.#options.metrics?.alertActions.inc({ action: name, outcome: 'ok' });
        },
        (error: unknown) => {
          this.#options.metrics?.alertActions.inc({ action: name, outcome: 'error' });
          this.#logger.warn({ alert: alert.ruleId, action: name, err: error }, 'alert action failed');
          this.#errors.next({ kind: 'action', alert, action, error });
        },
      );
      this.#inFlight.add(run);
      void run.finally(() => this.#inFlight.delete(run));
    }
  }

  #end(containerId: string, target: Target): void {
    if (this.#targets.get(containerId) !== target) return;
    this.#targets.delete(containerId);
    target.subscription?.unsubscribe();
    for (const [ruleId, episode] of target.episodes) {
      const rule = this.#rules.get(ruleId);
      if (rule !== undefined && episode.end() === 'resolve') this.#resolve(rule, containerId, target, 'stopped');
    }
    this.#options.metrics?.forgetContainer(containerId);
  }
}
