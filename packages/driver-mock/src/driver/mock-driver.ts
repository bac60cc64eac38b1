import {
  ContainerConflictError,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  ContainerSecurityError,
  type ContainerSpec,
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
  FileNotFoundError,
  FULL_CAPABILITIES,
  type ImageInfo,
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
  ValidationError,
  type Volume,
  type VolumeSpec,
  validateContainerFilter,
  validateContainerSpec,
  validateEventFilter,
  validateExecSpec,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from '@berth/core';
import { filter, Observable, type Subscriber } from 'rxjs';
import { ContainerEvents } from '../container/container-events.js';
import { ContainerFactory } from '../container/container-factory.js';
import { ContainerRegistry } from '../container/container-registry.js';
import { ContainerRuntime } from '../container/container-runtime.js';
import { ExecRunner } from '../container/exec-runner.js';
import { ExecStream } from '../container/exec-stream.js';
import type { MockContainer } from '../container/mock-container.js';
import { MockFaults } from '../faults/mock-faults.js';
import { FsError } from '../fs/fs-error.js';
import { DEFAULT_MOCK_IMAGES, ImageStore } from '../images/image-store.js';
import { LogStore, renderLogs } from '../logs/log-store.js';
import { deriveRandom, type Random } from '../random/mulberry32.js';
import { randomHex } from '../random/random-hex.js';
import { CallRecorder, type MockCall } from '../recording/call-recorder.js';
import { BindStore } from '../resources/bind-store.js';
import { NetworkStore } from '../resources/network-store.js';
import { VolumeStore } from '../resources/volume-store.js';
import type { ExecHandler, ExecMatcher } from '../scripting/exec-script.js';
import type { ImageBehaviour } from '../scripting/image-behaviour.js';
import { MockScripting } from '../scripting/mock-scripting.js';
import { toBytes } from '../shell/shell-io.js';
import { defaultStats, mergeStats } from '../stats/default-stats.js';
import type { StatsGenerator } from '../stats/stats-generator.js';
import { type TimerHandle, TimerRegistry } from '../timers/timer-registry.js';
import type { MockDriverOptions } from './mock-driver-options.js';
import { validateMockDriverOptions } from './validate-mock-driver-options.js';

/** The abort signal of an options argument; tolerant of `null` or non-object options, which validation reports. */
function signalOf(opts: unknown): AbortSignal | undefined {
  if (typeof opts !== 'object' || opts === null) return undefined;
  const signal = (opts as { signal?: unknown }).signal;
  return signal instanceof AbortSignal ? signal : undefined;
}

const GIB = 1024 * 1024 * 1024;
const noop = (): void => undefined;

/**
 * An in-memory {@link ContainerDriver} with every capability: a real lifecycle state machine, a built-in
 * mini shell running each container's command (`sleep`, `echo`, `cat`, `sh -c '…'` …), a virtual
 * filesystem, logs, stats, events, volumes, networks and images — all deterministic (seeded) and driven
 * by `setTimeout`, so jest fake timers control it. Script it with {@link onExec} / {@link onImage},
 * break it with {@link faults}, inspect it with {@link calls}.
 *
 * @example
 * ```ts
 * const mock = new MockDriver({ seed: 1 });
 * mock.onExec('python', ({ stdin }) => ({ stdout: `ran ${stdin}` }));
 * const c = await mock.createContainer({ image: 'busybox:latest', command: ['sleep', '3600'] });
 * await mock.startContainer(c.id);
 * await mock.exec(c.id, { command: ['echo', 'hi'] }); // { exitCode: 0, stdout: 'hi\n', … }
 * mock.faults.failNext(1, new DriverUnavailableError('flaky'));
 * expect(mock.callsTo('startContainer')).toHaveLength(1);
 * await mock.dispose();
 * ```
 */
export class MockDriver implements ContainerDriver {
  /** Always `mock`. */
  readonly name: string = 'mock';
  /** Driver version. */
  readonly version: string;
  /** Every capability on. */
  readonly capabilities: DriverCapabilities = FULL_CAPABILITIES;
  /** Fault injection: latency, failure rate, failNext, down/up. */
  readonly faults: MockFaults;

  readonly #options: MockDriverOptions;
  readonly #seed: number;
  readonly #recorder = new CallRecorder();
  readonly #timers = new TimerRegistry();
  readonly #events = new ContainerEvents();
  readonly #containers = new ContainerRegistry();
  readonly #images: ImageStore;
  readonly #volumes = new VolumeStore();
  readonly #networks = new NetworkStore();
  readonly #scripting = new MockScripting(() => this.name);
  readonly #liveStreams = new Set<Subscriber<unknown>>();
  readonly #idRandom: Random;
  readonly #statsRandom: Random;
  readonly #runtime: ContainerRuntime;
  readonly #execs: ExecRunner;
  readonly #factory: ContainerFactory;
  #disposed = false;

  /**
   * @param options - seed, images, default command … (see {@link MockDriverOptions}).
   * @throws ValidationError listing every bad or unknown option.
   */
  constructor(options: MockDriverOptions = {}) {
    validateMockDriverOptions(options);
    this.#options = options;
    this.#seed = options.seed ?? 1;
    this.version = options.version ?? '0.1.0';
    this.#idRandom = deriveRandom(this.#seed, 'ids');
    this.#statsRandom = deriveRandom(this.#seed, 'stats');
    this.faults = new MockFaults(deriveRandom(this.#seed, 'faults'));
    this.#images = new ImageStore(
      deriveRandom(this.#seed, 'images'),
      options.images ?? DEFAULT_MOCK_IMAGES,
      options.acceptAnyImage ?? false,
    );
    this.#factory = new ContainerFactory({
      containers: this.#containers,
      events: this.#events,
      images: this.#images,
      volumes: this.#volumes,
      binds: new BindStore(),
      networks: this.#networks,
      idRandom: this.#idRandom,
    });
    for (const [image, behaviour] of Object.entries(options.imageBehaviours ?? {})) this.onImage(image, behaviour);
    this.#runtime = new ContainerRuntime({
      containers: this.#containers,
      events: this.#events,
      scripting: this.#scripting,
      timers: this.#timers,
      defaultCommand: options.defaultCommand,
    });
    this.#execs = new ExecRunner({ scripting: this.#scripting, timers: this.#timers, disposed: () => this.#disposed });
  }

  // ───────────────────────────── recording & scripting ─────────────────────────────

  /** Every driver call so far, oldest first (`{ operation, args, at, result, error? }`). */
  get calls(): readonly MockCall[] {
    return this.#recorder.calls;
  }

  /** Calls of one operation, e.g. `mock.callsTo('startContainer')`. */
  callsTo(operation: keyof ContainerDriver | string): MockCall[] {
    return this.#recorder.callsTo(operation);
  }

  /** Forgets the recorded calls. */
  resetCalls(): void {
    this.#recorder.reset();
  }

  /** Number of live timers the mock owns (0 after `dispose()`, and when nothing runs or streams). */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Scripts a command in every container (exec, main process and health checks; inside `sh -c` too).
   * The newest matching handler wins; returns a function that removes it.
   *
   * @example
   * ```ts
   * mock.onExec(['git', 'clone'], async ({ writeStdout }) => { writeStdout('Cloning…\n'); return { exitCode: 0 }; });
   * ```
   */
  onExec(matcher: ExecMatcher, handler: ExecHandler): () => void {
    return this.#scripting.onExec(matcher, handler);
  }

  /** Sets how containers of `image` behave: canned logs, exit code, default command, stats, exec handlers. */
  onImage(image: string, behaviour: ImageBehaviour): this {
    this.#scripting.setImageBehaviour(image, behaviour);
    this.#images.add(image, true);
    return this;
  }

  /** Scripts stats of every container; returns a function that removes the generator. */
  onStats(generator: StatsGenerator): () => void {
    return this.#scripting.onStats(generator);
  }

  /** Makes `image` known to the mock's registry (pullable); with `local`, present without a pull. */
  addImage(image: string, options: { local?: boolean } = {}): this {
    this.#images.add(image, options.local ?? false);
    return this;
  }

  /** Appends a line to a container's logs, as if its main process wrote it. */
  writeLog(id: string, text: string, stream: LogLine['stream'] = 'stdout'): void {
    const c = this.#containers.get(id, 'writeLog');
    for (const line of text.replace(/\n$/, '').split('\n')) c.logs.appendLine(stream, line);
  }

  /** Makes the main process of a running container exit with `exitCode` now; resolves once it has. */
  async exitContainer(id: string, exitCode: number): Promise<void> {
    await this.#runtime.exit(this.#containers.get(id, 'exitContainer'), exitCode);
  }

  /** Kills a running container as the kernel does on memory exhaustion (`oom` event, 137, `oomKilled`). */
  async oomKill(id: string): Promise<void> {
    await this.#runtime.oomKill(this.#containers.get(id, 'oomKill'));
  }

  /** Forces the health of a running container (emits a `health` event when it changes). */
  setHealth(id: string, healthy: boolean): void {
    this.#runtime.setHealth(this.#containers.get(id, 'setHealth'), healthy);
  }

  // ───────────────────────────── lifecycle ─────────────────────────────

  /** {@inheritDoc ContainerDriver.createContainer} */
  createContainer(spec: ContainerSpec, opts: OpOptions = {}): Promise<ContainerInstance> {
    return this.#call('createContainer', [spec, opts], signalOf(opts), () => {
      const valid = validateContainerSpec(spec);
      return () => this.#factory.create(valid).toInstance(this.name);
    });
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  startContainer(id: string, opts: OpOptions = {}): Promise<void> {
    return this.#call('startContainer', [id, opts], signalOf(opts), () => () => {
      const c = this.#containers.get(id, 'startContainer');
      if (c.state !== 'running') this.#runtime.start(c);
    });
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  stopContainer(id: string, opts: StopOptions = {}): Promise<void> {
    return this.#call('stopContainer', [id, opts], signalOf(opts), () => {
      validateStopOptions(opts);
      return () => this.#runtime.stop(this.#containers.get(id, 'stopContainer'), opts.timeoutMs);
    });
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  restartContainer(id: string, opts: StopOptions = {}): Promise<void> {
    return this.#call('restartContainer', [id, opts], signalOf(opts), () => {
      validateStopOptions(opts);
      return async () => {
        const c = this.#containers.get(id, 'restartContainer');
        await this.#runtime.stop(c, opts.timeoutMs);
        this.#containers.get(id, 'restartContainer');
        if (c.state !== 'running') this.#runtime.start(c);
      };
    });
  }

  /** {@inheritDoc ContainerDriver.removeContainer} */
  removeContainer(id: string, opts: RemoveOptions = {}): Promise<void> {
    return this.#call(
      'removeContainer',
      [id, opts],
      signalOf(opts),
      () => () => this.#runtime.remove(this.#containers.get(id, 'removeContainer'), opts),
    );
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  waitContainer(id: string, opts: OpOptions = {}): Promise<ExitStatus> {
    return this.#call(
      'waitContainer',
      [id, opts],
      signalOf(opts),
      () => () => this.#runtime.waitExit(this.#containers.get(id, 'waitContainer')),
    );
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  getContainer(id: string): Promise<ContainerInstance | null> {
    return this.#call(
      'getContainer',
      [id],
      undefined,
      () => () => this.#containers.find(id)?.toInstance(this.name) ?? null,
    );
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  listContainers(containerFilter: ContainerFilter = {}): Promise<ContainerInstance[]> {
    return this.#call('listContainers', [containerFilter], undefined, () => {
      validateContainerFilter(containerFilter);
      return () => this.#containers.list(containerFilter, this.name);
    });
  }

  // ───────────────────────────── exec & files ─────────────────────────────

  /** {@inheritDoc ContainerDriver.exec} */
  exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    return this.#call('exec', [id, spec], undefined, () => {
      const valid = validateExecSpec(spec);
      return () => this.#execs.run(this.#containers.running(id, 'exec'), valid);
    });
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    const stream = new ExecStream();
    const result = this.#call('execStream', [id, spec], undefined, () => {
      const valid = validateExecSpec(spec);
      return () => this.#execs.stream(this.#containers.running(id, 'execStream'), valid, stream);
    });
    return stream.handle(result);
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  putFiles(id: string, files: FileEntry[], opts: OpOptions = {}): Promise<void> {
    return this.#call('putFiles', [id, files, opts], signalOf(opts), () => {
      validateFiles(files);
      return () => {
        const c = this.#containers.get(id, 'putFiles');
        for (const file of files) {
          try {
            c.fs.write(file.path, toBytes(file.content), { parents: true, mode: file.mode ?? 0o644 }, c.cwd);
          } catch (err) {
            throw mapFsError(err, id, 'putFiles');
          }
        }
      };
    });
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  getFile(id: string, path: string, opts: OpOptions = {}): Promise<Uint8Array> {
    return this.#call('getFile', [id, path, opts], signalOf(opts), () => {
      validatePath(path, 'path');
      return () => {
        const c = this.#containers.get(id, 'getFile');
        try {
          return c.fs.read(path, c.cwd);
        } catch (err) {
          throw mapFsError(err, id, 'getFile');
        }
      };
    });
  }

  // ───────────────────────────── observation ─────────────────────────────

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    return this.#call('getContainerLogs', [id, opts], signalOf(opts), () => {
      validateLogOptions(opts);
      return () => {
        const c = this.#containers.get(id, 'getContainerLogs');
        return renderLogs(c.logs.select(opts), opts.timestamps === true);
      };
    });
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return this.#stream<LogLine>('logs$', [id, opts], (subscriber) => {
      validateLogOptions(opts);
      const c = this.#containers.get(id, 'logs$');
      for (const line of c.logs.select(opts)) subscriber.next({ ...line });
      if (opts.follow !== true || c.state !== 'running') {
        subscriber.complete();
        return noop;
      }
      const lines = c.logs.lines$.pipe(filter((line) => LogStore.matches(line, opts))).subscribe({
        next: (line) => subscriber.next({ ...line }),
        complete: () => subscriber.complete(),
      });
      const exits = c.exits$.subscribe({ next: () => subscriber.complete(), complete: () => subscriber.complete() });
      return () => {
        lines.unsubscribe();
        exits.unsubscribe();
      };
    });
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  getStats(id: string): Promise<StatsSample> {
    return this.#call('getStats', [id], undefined, () => () => this.#sample(this.#containers.running(id, 'getStats')));
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return this.#stream<StatsSample>('stats$', [id, opts], (subscriber) => {
      validateStatsStreamOptions(opts);
      const c = this.#containers.get(id, 'stats$');
      // Only a running container has usage: the stream ends when it exits or is removed.
      if (c.state !== 'running') {
        subscriber.complete();
        return noop;
      }
      subscriber.next(this.#sample(c));
      const handle = this.#timers.setInterval(() => subscriber.next(this.#sample(c)), opts.intervalMs ?? 1000);
      const exits = c.exits$.subscribe({ next: () => subscriber.complete(), complete: () => subscriber.complete() });
      return () => {
        this.#timers.clearInterval(handle);
        exits.unsubscribe();
      };
    });
  }

  /** {@inheritDoc ContainerDriver.events$} */
  events$(eventFilter?: EventFilter): Observable<DriverEvent> {
    return this.#stream<DriverEvent>('events$', [eventFilter], (subscriber) => {
      validateEventFilter(eventFilter);
      const subscription = this.#events.events$(eventFilter).subscribe(subscriber);
      return () => subscription.unsubscribe();
    });
  }

  // ───────────────────────────── health ─────────────────────────────

  /** {@inheritDoc ContainerDriver.healthCheck} */
  async healthCheck(): Promise<DriverHealth> {
    const started = Date.now();
    try {
      await this.#call('healthCheck', [], undefined, () => noop);
      return {
        healthy: true,
        latencyMs: Math.max(0, Date.now() - started),
        details: { driver: this.name, version: this.version, seed: this.#seed, containers: this.#containers.size },
      };
    } catch (err) {
      return {
        healthy: false,
        latencyMs: Math.max(0, Date.now() - started),
        details: { driver: this.name, error: err instanceof Error ? err.message : String(err) },
      };
    }
  }

  /** {@inheritDoc ContainerDriver.isContainerHealthy} */
  isContainerHealthy(id: string): Promise<boolean> {
    return this.#call('isContainerHealthy', [id], undefined, () => () => {
      return this.#runtime.isHealthy(this.#containers.get(id, 'isContainerHealthy'));
    });
  }

  // ───────────────────────────── volumes, networks, images ─────────────────────────────

  /** {@inheritDoc ContainerDriver.createVolume} */
  createVolume(spec: VolumeSpec): Promise<Volume> {
    return this.#call('createVolume', [spec], undefined, () => {
      const valid = validateVolumeSpec(spec);
      return () => this.#volumes.create(valid);
    });
  }

  /** {@inheritDoc ContainerDriver.removeVolume} */
  removeVolume(name: string): Promise<void> {
    return this.#call('removeVolume', [name], undefined, () => () => {
      this.#volumes.remove(name, this.#containers.usesVolume(name));
    });
  }

  /** {@inheritDoc ContainerDriver.listVolumes} */
  listVolumes(): Promise<Volume[]> {
    return this.#call('listVolumes', [], undefined, () => () => this.#volumes.list());
  }

  /** {@inheritDoc ContainerDriver.createNetwork} */
  createNetwork(spec: NetworkSpec): Promise<Network> {
    return this.#call('createNetwork', [spec], undefined, () => {
      const valid = validateNetworkSpec(spec);
      return () => this.#networks.create(valid, randomHex(this.#idRandom, 64));
    });
  }

  /** {@inheritDoc ContainerDriver.removeNetwork} */
  removeNetwork(id: string): Promise<void> {
    return this.#call(
      'removeNetwork',
      [id],
      undefined,
      () => () => this.#networks.remove(id, (n) => this.#containers.usesNetwork(n)),
    );
  }

  /** {@inheritDoc ContainerDriver.listNetworks} */
  listNetworks(): Promise<Network[]> {
    return this.#call('listNetworks', [], undefined, () => () => this.#networks.list());
  }

  /** {@inheritDoc ContainerDriver.pullImage} */
  pullImage(image: string, opts: PullOptions = {}): Promise<void> {
    return this.#call(
      'pullImage',
      [image, opts],
      signalOf(opts),
      () => () => this.#images.pull(image, opts, this.#timers),
    );
  }

  /** {@inheritDoc ContainerDriver.listImages} */
  listImages(): Promise<ImageInfo[]> {
    return this.#call('listImages', [], undefined, () => () => this.#images.list());
  }

  /** {@inheritDoc ContainerDriver.removeImage} */
  removeImage(image: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.#call('removeImage', [image, opts], undefined, () => () => {
      this.#images.remove(image, this.#containers.usesImage(image), opts.force === true);
    });
  }

  /**
   * Completes every stream, ends every process, clears every timer. Pending `waitContainer`/`exec` calls
   * reject with `DriverUnavailableError`; later calls do too. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const subscriber of [...this.#liveStreams]) subscriber.complete();
    this.#liveStreams.clear();
    for (const c of this.#containers.all()) this.#runtime.shutdown(c);
    this.#events.close();
    this.#timers.clearAll();
  }

  // ───────────────────────────── internals ─────────────────────────────

  /**
   * Records a call, then: `precheck` (client-side validation, before any fault), injected faults
   * (latency, failure, down), and the body `precheck` returned.
   */
  async #call<T>(
    operation: string,
    args: unknown[],
    signal: AbortSignal | undefined,
    precheck: () => () => T | Promise<T>,
  ): Promise<T> {
    const call = this.#recorder.start(operation, args);
    try {
      const body = precheck();
      const result = await raceAbort(this.#perform(operation, signal, body), signal);
      this.#recorder.ok(call);
      return result;
    } catch (err) {
      this.#recorder.fail(call, err);
      throw err;
    }
  }

  async #perform<T>(operation: string, signal: AbortSignal | undefined, body: () => T | Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    if (this.#disposed) throw new DriverUnavailableError(`mock driver is disposed (${operation})`, { operation });
    const decision = this.faults.decide(operation);
    if (decision.delayMs > 0) await this.#timers.delay(decision.delayMs, signal);
    if (decision.error !== undefined) throw decision.error;
    return await body();
  }

  /** A cold stream with faults applied at subscription, erroring when the engine goes down. */
  #stream<T>(operation: string, args: unknown[], body: (subscriber: Subscriber<T>) => () => void): Observable<T> {
    return new Observable<T>((subscriber) => {
      const call = this.#recorder.start(operation, args);
      if (this.#disposed) {
        this.#recorder.ok(call);
        subscriber.complete();
        return noop;
      }
      let teardown: () => void = noop;
      let timer: TimerHandle | undefined;
      this.#liveStreams.add(subscriber as Subscriber<unknown>);
      const down = this.faults.downChanges$.subscribe((isDown) => {
        const error = isDown ? this.faults.downError(operation) : undefined;
        if (error !== undefined) subscriber.error(error);
      });
      const begin = (): void => {
        timer = undefined;
        if (decision.error !== undefined) {
          this.#recorder.fail(call, decision.error);
          subscriber.error(decision.error);
          return;
        }
        try {
          teardown = body(subscriber);
          this.#recorder.ok(call);
        } catch (err) {
          this.#recorder.fail(call, err);
          subscriber.error(err);
        }
      };
      const decision = this.faults.decide(operation);
      if (decision.delayMs > 0) timer = this.#timers.setTimeout(begin, decision.delayMs);
      else begin();
      return () => {
        this.#timers.clearTimeout(timer);
        down.unsubscribe();
        teardown();
        this.#liveStreams.delete(subscriber as Subscriber<unknown>);
      };
    });
  }

  #sample(c: MockContainer): StatsSample {
    const tick = c.statsTick++;
    let sample = defaultStats(this.#statsRandom, {
      containerId: c.id,
      tick,
      running: c.state === 'running',
      execs: c.execs.size + c.forked,
      burners: c.burners,
      resources: c.spec.resources ?? {},
      hostMemoryBytes: this.#options.hostMemoryBytes ?? 8 * GIB,
    });
    for (const generator of this.#scripting.statsGenerators(c.spec.image))
      sample = mergeStats(sample, generator(c.id, tick));
    return sample;
  }
}

function validatePath(path: unknown, field: string): void {
  if (typeof path !== 'string' || path === '' || path.includes('\0')) {
    throw new ValidationError([{ path: field, message: 'must be a non-empty path without NUL' }], {}, 'file path');
  }
}

function validateFiles(files: unknown): void {
  if (!Array.isArray(files)) throw new ValidationError([{ path: '', message: 'files must be an array' }], {}, 'files');
  const issues = files.flatMap((file: unknown, i) => {
    const entry = file as Partial<FileEntry> | null;
    const problems: { path: string; message: string }[] = [];
    if (typeof entry?.path !== 'string' || entry.path === '' || entry.path.includes('\0')) {
      problems.push({ path: `${i}.path`, message: 'must be a non-empty path without NUL' });
    }
    if (typeof entry?.content !== 'string' && !(entry?.content instanceof Uint8Array)) {
      problems.push({ path: `${i}.content`, message: 'must be a string or Uint8Array' });
    }
    if (entry?.mode !== undefined && (!Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o7777)) {
      problems.push({ path: `${i}.mode`, message: 'must be an integer in 0..0o7777' });
    }
    return problems;
  });
  if (issues.length > 0) throw new ValidationError(issues, {}, 'files');
}

function mapFsError(err: unknown, containerId: string, operation: string): unknown {
  if (!(err instanceof FsError)) return err;
  if (err.code === 'ENOENT' || (err.code === 'EISDIR' && operation === 'getFile')) {
    return new FileNotFoundError(err.path, { containerId, operation, cause: err });
  }
  if (err.code === 'EROFS') {
    return new ContainerSecurityError(`${err.path}: read-only file system`, { containerId, operation, cause: err });
  }
  return new ContainerConflictError(`${err.path}: ${err.reason}`, { containerId, operation, cause: err });
}
