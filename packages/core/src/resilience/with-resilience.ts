import { type Observable, Subject } from 'rxjs';
import type { DriverCapabilities } from '../contract/capabilities.js';
import type { ContainerDetails } from '../contract/container-details.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import type { ContainerFilter, ContainerInstance, ExitStatus } from '../contract/container-instance.js';
import type { ContainerSpec } from '../contract/container-spec.js';
import type { SystemInfo, SystemUsage, SystemVersion } from '../contract/engine-info.js';
import type { BuildImageOptions, BuildImageResult } from '../contract/image-build.js';
import type {
  DriverEvent,
  DriverHealth,
  EngineEvent,
  EngineEventFilter,
  EventFilter,
  ExecHandle,
  ExecResult,
  ExecSpec,
  FileEntry,
  LogLine,
  LogOptions,
  LogStreamOptions,
  OpOptions,
  RemoveOptions,
  StatsSample,
  StatsStreamOptions,
  StopOptions,
} from '../contract/operations.js';
import type { ImageInfo, Network, NetworkSpec, PullOptions, Volume, VolumeSpec } from '../contract/resources.js';
import { type BerthError, CircuitOpenError, DriverUnavailableError, isRetryable } from '../errors/index.js';
import { abortableSleep, linkAbort } from './abortable-sleep.js';
import type { BreakerState, BreakerStateChange } from './breaker-state.js';
import { fullJitterDelay } from './full-jitter-delay.js';
import { createGroupBreaker, type GroupBreaker } from './group-breaker.js';
import { OPERATION_GROUP, OPERATION_GROUPS, type OperationGroup, type OperationName } from './operation-groups.js';
import { type ResiliencePolicy, type ResolvedResiliencePolicy, resolveResiliencePolicy } from './resilience-policy.js';
import type { ResilientDriver } from './resilient-driver.js';
import { toBerthError } from './to-berth-error.js';

/** Default grace period of `stopContainer` (see `StopOptions.timeoutMs`), added to its timeout. */
const DEFAULT_STOP_GRACE_MS = 10_000;

/** How one call is guarded. */
interface CallOptions {
  signal?: AbortSignal | undefined;
  containerId?: string;
  /** Added to the operation's timeout when it has one (grace periods, exec timeouts). */
  extraTimeoutMs?: number | undefined;
}

/**
 * Wraps a driver with an opossum circuit breaker per operation group, retries with exponential backoff and
 * full jitter (idempotent operations and retryable errors only), per-operation timeouts and `AbortSignal`
 * support. Every failure is a typed `BerthError`:
 *
 * - breaker open → `CircuitOpenError` (with the group); never retried, that is the point of the breaker;
 * - timeout → `ContainerTimeoutError` (with the operation); the try's signal is aborted so the driver can cancel;
 * - a raw error from the driver → `DriverUnavailableError` with the original in `cause`;
 * - aborted by `opts.signal` → rejects with the signal's reason at once, during a try or a backoff wait.
 *
 * Non-retryable errors (validation, not-found, conflict, security) are passed through and never count as
 * breaker failures; a call aborted by its caller does not count as a failure either (opossum has no neutral
 * outcome, so it counts as a success: an aborted half-open probe closes the breaker). Not guarded, on purpose:
 * - `healthCheck()` never throws by contract, so a breaker would never see a failure; it passes through.
 * - `logs$`, `stats$`, `events$`, `execStream` pass through: a stream has no single outcome to count or time
 *   out, re-running one could duplicate output or side effects, and drivers reconnect streams themselves
 *   (resuming with `since`). Pipe `retryWithBackoff()` onto a stream where a restart is safe.
 *
 * `dispose()` aborts calls in flight, shuts every breaker down (clearing opossum's rolling-window timers),
 * completes `breakerState$` and then disposes the inner driver.
 *
 * @param driver - the driver to guard; the result takes ownership (its `dispose()` disposes it).
 * @param policy - thresholds, retries, timeouts; every field has a default (see {@link ResiliencePolicy}).
 *
 * @example
 * ```ts
 * const driver = withResilience(new DockerDriver(), { retry: { maxRetries: 5 }, timeouts: { createContainer: 60_000 } });
 * driver.breakerState$.subscribe(({ group, state }) => logger.warn({ group, state }, 'breaker changed'));
 * const c = await driver.createContainer({ image: 'busybox' }, { signal: AbortSignal.timeout(90_000) });
 * ```
 */
export function withResilience(driver: ContainerDriver, policy: ResiliencePolicy = {}): ResilientDriver {
  return new ResilientContainerDriver(driver, policy);
}

/** The {@link ResilientDriver} built by {@link withResilience}. */
class ResilientContainerDriver implements ResilientDriver {
  readonly inner: ContainerDriver;
  readonly name: string;
  readonly version: string;
  readonly capabilities: DriverCapabilities;
  readonly breakerState$: Observable<BreakerStateChange>;
  readonly pullImage?: (image: string, opts?: PullOptions) => Promise<void>;
  readonly listImages?: () => Promise<ImageInfo[]>;
  readonly removeImage?: (image: string, opts?: { force?: boolean }) => Promise<void>;
  readonly buildImage?: (opts: BuildImageOptions) => Promise<BuildImageResult>;
  readonly getSystemInfo?: () => Promise<SystemInfo>;
  readonly getSystemVersion?: () => Promise<SystemVersion>;
  readonly getSystemUsage?: () => Promise<SystemUsage>;
  readonly inspectContainer?: (id: string) => Promise<ContainerDetails>;
  readonly engineEvents$?: (filter?: EngineEventFilter) => Observable<EngineEvent>;

  readonly #policy: ResolvedResiliencePolicy;
  readonly #breakers = new Map<OperationGroup, GroupBreaker>();
  readonly #states = new Map<OperationGroup, BreakerState>();
  readonly #stateChanges = new Subject<BreakerStateChange>();
  readonly #active = new Set<AbortController>();
  #disposing: Promise<void> | undefined;

  constructor(inner: ContainerDriver, policy: ResiliencePolicy) {
    this.inner = inner;
    this.name = inner.name;
    this.version = inner.version;
    this.capabilities = inner.capabilities;
    this.breakerState$ = this.#stateChanges.asObservable();
    this.#policy = resolveResiliencePolicy(policy);
    for (const group of OPERATION_GROUPS) {
      this.#states.set(group, 'closed');
      const breaker = createGroupBreaker(group, this.#policy.breakers[group], (state) => {
        this.#states.set(group, state);
        this.#stateChanges.next({ group, state, at: new Date() });
      });
      this.#breakers.set(group, breaker);
    }
    const { pullImage, listImages, removeImage } = inner;
    if (pullImage !== undefined) {
      this.pullImage = (image, opts) =>
        this.#call('pullImage', (signal) => pullImage.call(inner, image, { ...opts, signal }), {
          signal: opts?.signal,
        });
    }
    if (listImages !== undefined) {
      this.listImages = () => this.#call('listImages', () => listImages.call(inner));
    }
    if (removeImage !== undefined) {
      this.removeImage = (image, opts) => this.#call('removeImage', () => removeImage.call(inner, image, opts));
    }
    const { buildImage, getSystemInfo, getSystemVersion, getSystemUsage, inspectContainer, engineEvents$ } = inner;
    if (buildImage !== undefined) {
      this.buildImage = (opts) =>
        this.#call('buildImage', (signal) => buildImage.call(inner, { ...opts, signal }), { signal: opts?.signal });
    }
    if (getSystemInfo !== undefined)
      this.getSystemInfo = () => this.#call('getSystemInfo', () => getSystemInfo.call(inner));
    if (getSystemVersion !== undefined) {
      this.getSystemVersion = () => this.#call('getSystemVersion', () => getSystemVersion.call(inner));
    }
    if (getSystemUsage !== undefined) {
      this.getSystemUsage = () => this.#call('getSystemUsage', () => getSystemUsage.call(inner));
    }
    if (inspectContainer !== undefined) {
      this.inspectContainer = (id) =>
        this.#call('inspectContainer', () => inspectContainer.call(inner, id), { containerId: id });
    }
    // a stream passes through, as events$ does
    if (engineEvents$ !== undefined) this.engineEvents$ = (filter) => engineEvents$.call(inner, filter);
  }

  breakerState(group: OperationGroup): BreakerState {
    return this.#states.get(group) ?? 'closed';
  }

  // lifecycle

  createContainer(spec: ContainerSpec, opts?: OpOptions): Promise<ContainerInstance> {
    return this.#call('createContainer', (signal) => this.inner.createContainer(spec, { ...opts, signal }), {
      signal: opts?.signal,
    });
  }

  startContainer(id: string, opts?: OpOptions): Promise<void> {
    return this.#call('startContainer', (signal) => this.inner.startContainer(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  stopContainer(id: string, opts?: StopOptions): Promise<void> {
    return this.#call('stopContainer', (signal) => this.inner.stopContainer(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
      extraTimeoutMs: opts?.timeoutMs ?? DEFAULT_STOP_GRACE_MS,
    });
  }

  restartContainer(id: string, opts?: StopOptions): Promise<void> {
    return this.#call('restartContainer', (signal) => this.inner.restartContainer(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
      extraTimeoutMs: opts?.timeoutMs ?? DEFAULT_STOP_GRACE_MS,
    });
  }

  removeContainer(id: string, opts?: RemoveOptions): Promise<void> {
    return this.#call('removeContainer', (signal) => this.inner.removeContainer(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus> {
    return this.#call('waitContainer', (signal) => this.inner.waitContainer(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  getContainer(id: string): Promise<ContainerInstance | null> {
    return this.#call('getContainer', () => this.inner.getContainer(id), { containerId: id });
  }

  listContainers(filter?: ContainerFilter): Promise<ContainerInstance[]> {
    return this.#call('listContainers', () => this.inner.listContainers(filter));
  }

  // work inside a container

  exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    return this.#call('exec', (signal) => this.inner.exec(id, { ...spec, signal }), {
      signal: spec.signal,
      containerId: id,
      extraTimeoutMs: spec.timeoutMs,
    });
  }

  execStream(id: string, spec: ExecSpec): ExecHandle {
    return this.inner.execStream(id, spec);
  }

  putFiles(id: string, files: FileEntry[], opts?: OpOptions): Promise<void> {
    return this.#call('putFiles', (signal) => this.inner.putFiles(id, files, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  getFile(id: string, path: string, opts?: OpOptions): Promise<Uint8Array> {
    return this.#call('getFile', (signal) => this.inner.getFile(id, path, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  // observation

  getContainerLogs(id: string, opts?: LogOptions): Promise<string> {
    return this.#call('getContainerLogs', (signal) => this.inner.getContainerLogs(id, { ...opts, signal }), {
      signal: opts?.signal,
      containerId: id,
    });
  }

  logs$(id: string, opts?: LogStreamOptions): Observable<LogLine> {
    return this.inner.logs$(id, opts);
  }

  getStats(id: string): Promise<StatsSample> {
    return this.#call('getStats', () => this.inner.getStats(id), { containerId: id });
  }

  stats$(id: string, opts?: StatsStreamOptions): Observable<StatsSample> {
    return this.inner.stats$(id, opts);
  }

  events$(filter?: EventFilter): Observable<DriverEvent> {
    return this.inner.events$(filter);
  }

  // health

  healthCheck(): Promise<DriverHealth> {
    return this.inner.healthCheck();
  }

  isContainerHealthy(id: string): Promise<boolean> {
    return this.#call('isContainerHealthy', () => this.inner.isContainerHealthy(id), { containerId: id });
  }

  // resources

  createVolume(spec: VolumeSpec): Promise<Volume> {
    return this.#call('createVolume', () => this.inner.createVolume(spec));
  }

  removeVolume(name: string): Promise<void> {
    return this.#call('removeVolume', () => this.inner.removeVolume(name));
  }

  listVolumes(): Promise<Volume[]> {
    return this.#call('listVolumes', () => this.inner.listVolumes());
  }

  createNetwork(spec: NetworkSpec): Promise<Network> {
    return this.#call('createNetwork', () => this.inner.createNetwork(spec));
  }

  removeNetwork(id: string): Promise<void> {
    return this.#call('removeNetwork', () => this.inner.removeNetwork(id));
  }

  listNetworks(): Promise<Network[]> {
    return this.#call('listNetworks', () => this.inner.listNetworks());
  }

  dispose(): Promise<void> {
    this.#disposing ??= this.#shutdown();
    return this.#disposing;
  }

  async #shutdown(): Promise<void> {
    const reason = new DriverUnavailableError(`The ${this.name} driver was disposed`);
    for (const controller of this.#active) controller.abort(reason);
    this.#active.clear();
    for (const breaker of this.#breakers.values()) breaker.shutdown();
    this.#stateChanges.complete();
    await this.inner.dispose();
  }

  /** Runs `attempt` under the group's breaker, with timeout, retries and abort. */
  async #call<T>(
    operation: OperationName,
    attempt: (signal: AbortSignal) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    const { containerId } = options;
    if (this.#disposing !== undefined) {
      throw new DriverUnavailableError(`The ${this.name} driver was disposed`, {
        operation,
        ...(containerId === undefined ? {} : { containerId }),
      });
    }
    options.signal?.throwIfAborted();
    const group = OPERATION_GROUP[operation];
    const breaker = this.#breakers.get(group);
    if (breaker === undefined) throw new DriverUnavailableError(`No breaker for ${group}`, { operation });
    const maxRetries = this.#policy.idempotent.has(operation) ? this.#policy.retry.maxRetries : 0;
    const baseTimeout = this.#policy.timeoutOf(operation);
    const timeoutMs = baseTimeout > 0 ? baseTimeout + Math.max(0, options.extraTimeoutMs ?? 0) : 0;
    const call = linkAbort(options.signal);
    const callSignal = call.controller.signal;
    this.#active.add(call.controller);
    try {
      for (let retry = 0; ; retry += 1) {
        const tryAbort = linkAbort(callSignal);
        try {
          const context = {
            operation,
            timeoutMs,
            controller: tryAbort.controller,
            ...(containerId === undefined ? {} : { containerId }),
          };
          return (await breaker.fire(attempt, context)) as T;
        } catch (raw) {
          if (callSignal.aborted) throw callSignal.reason;
          const err = this.#toTypedError(raw, group, operation, containerId);
          if (retry >= maxRetries || !isRetryable(err) || CircuitOpenError.is(err)) throw err;
        } finally {
          tryAbort.release();
        }
        await abortableSleep(fullJitterDelay(retry + 1, this.#policy.retry, this.#policy.random), callSignal);
      }
    } finally {
      call.release();
      this.#active.delete(call.controller);
    }
  }

  /** Maps opossum's own errors (open, shut down) to Berth errors; everything else is already typed. */
  #toTypedError(
    raw: unknown,
    group: OperationGroup,
    operation: OperationName,
    containerId: string | undefined,
  ): BerthError {
    const context = containerId === undefined ? { operation } : { operation, containerId };
    const code = typeof raw === 'object' && raw !== null ? (raw as { code?: unknown }).code : undefined;
    if (code === 'EOPENBREAKER') return new CircuitOpenError(group, { ...context, cause: raw });
    if (code === 'ESHUTDOWN')
      return new DriverUnavailableError(`The ${this.name} driver was disposed`, { ...context, cause: raw });
    return toBerthError(raw, context);
  }
}
