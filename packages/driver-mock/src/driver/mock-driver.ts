import {
  type BuildImageOptions,
  type BuildImageResult,
  type ContainerDetails,
  type ContainerDriver,
  type ContainerFilter,
  type ContainerInstance,
  type ContainerSpec,
  type DriverCapabilities,
  type DriverEvent,
  type DriverHealth,
  type EngineEvent,
  type EngineEventFilter,
  type EventFilter,
  type ExecHandle,
  type ExecResult,
  type ExecSpec,
  type ExitStatus,
  type FileEntry,
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
  type StatsSample,
  type StatsStreamOptions,
  type StopOptions,
  type SystemInfo,
  type SystemUsage,
  type SystemVersion,
  type Volume,
  type VolumeSpec,
  validateContainerFilter,
  validateContainerSpec,
  validateEngineEventFilter,
  validateEventFilter,
  validateExecSpec,
  validateFileEntries,
  validateLogOptions,
  validateNetworkSpec,
  validateStatsStreamOptions,
  validateStopOptions,
  validateVolumeSpec,
} from '@berth/core';
import type { Observable } from 'rxjs';
import { toMockContainerDetails } from '../container/container-details.js';
import type { ContainerEvents } from '../container/container-events.js';
import type { ContainerFactory } from '../container/container-factory.js';
import { putContainerFiles, readContainerFile, validateFilePath } from '../container/container-files.js';
import type { ContainerRegistry } from '../container/container-registry.js';
import type { ContainerRuntime } from '../container/container-runtime.js';
import type { ExecRunner } from '../container/exec-runner.js';
import { ExecStream } from '../container/exec-stream.js';
import type { EngineEventFeed } from '../events/engine-event-feed.js';
import type { MockFaults } from '../faults/mock-faults.js';
import type { ImageStore } from '../images/image-store.js';
import { mockBuildImage } from '../images/mock-image-builder.js';
import { followLogs } from '../logs/follow-logs.js';
import { renderLogs } from '../logs/log-store.js';
import type { CallRecorder, MockCall } from '../recording/call-recorder.js';
import type { NetworkStore } from '../resources/network-store.js';
import type { VolumeStore } from '../resources/volume-store.js';
import type { ExecHandler, ExecMatcher } from '../scripting/exec-script.js';
import type { ImageBehaviour } from '../scripting/image-behaviour.js';
import type { MockScripting } from '../scripting/mock-scripting.js';
import type { StatsGenerator } from '../stats/stats-generator.js';
import type { StatsSampler } from '../stats/stats-sampler.js';
import type { TimerRegistry } from '../timers/timer-registry.js';
import { type CallGate, signalOf } from './call-gate.js';
import { createMockCollaborators } from './mock-collaborators.js';
import type { MockDriverOptions } from './mock-driver-options.js';
import { type MockWorld, mockSystemInfo, mockSystemUsage, mockSystemVersion } from './mock-system-info.js';
import { validateMockDriverOptions } from './validate-mock-driver-options.js';

const noop = (): void => undefined;

/** The mock's capabilities: every one of the core contract, the optional `inspect` and `engineEvents` too. */
const MOCK_CAPABILITIES: Readonly<DriverCapabilities> = Object.freeze({
  ...FULL_CAPABILITIES,
  inspect: true,
  engineEvents: true,
});

/**
 * An in-memory {@link ContainerDriver} with every capability: a real lifecycle state machine, a built-in
 * mini shell running each container's command (`sleep`, `echo`, `cat`, `sh -c '…'` …), a virtual
 * filesystem, logs, stats, events, volumes, networks and images — all deterministic (seeded) and driven
 * by `setTimeout`, so jest fake timers control it. Script it with {@link onExec} / {@link onImage},
 * break it with {@link faults}, inspect it with {@link calls}.
 *
 * A facade over named collaborators (wired in `mock-collaborators.ts`): every operation goes through the
 * `CallGate` (recorded, validated, faults applied); containers are held by the `ContainerRegistry`, made by the
 * `ContainerFactory` and run by the `ContainerRuntime` (main process, stop, health, removal); execs by the
 * `ExecRunner`; logs, stats and events by `followLogs`, the `StatsSampler` and `ContainerEvents`; the test
 * controls (`onExec`, `onImage`, `onStats`) by `MockScripting`.
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
  /** Every capability on, `inspect` and `engineEvents` included. */
  readonly capabilities: DriverCapabilities = MOCK_CAPABILITIES;
  /** Fault injection: latency, failure rate, failNext, down/up. */
  readonly faults: MockFaults;

  readonly #seed: number;
  readonly #recorder: CallRecorder;
  readonly #timers: TimerRegistry;
  readonly #gate: CallGate;
  readonly #events: ContainerEvents;
  readonly #engineEvents: EngineEventFeed;
  readonly #containers: ContainerRegistry;
  readonly #factory: ContainerFactory;
  readonly #runtime: ContainerRuntime;
  readonly #execs: ExecRunner;
  readonly #scripting: MockScripting;
  readonly #stats: StatsSampler;
  readonly #images: ImageStore;
  readonly #volumes: VolumeStore;
  readonly #networks: NetworkStore;
  readonly #newId: () => string;

  /**
   * @param options - seed, images, default command … (see {@link MockDriverOptions}).
   * @throws ValidationError listing every bad or unknown option.
   */
  constructor(options: MockDriverOptions = {}) {
    validateMockDriverOptions(options);
    this.#seed = options.seed ?? 1;
    this.version = options.version ?? '0.1.0';
    const parts = createMockCollaborators(options, () => this.name);
    this.faults = parts.faults;
    this.#recorder = parts.recorder;
    this.#timers = parts.timers;
    this.#gate = parts.gate;
    this.#events = parts.events;
    this.#engineEvents = parts.engineEvents;
    this.#containers = parts.containers;
    this.#factory = parts.factory;
    this.#runtime = parts.runtime;
    this.#execs = parts.execs;
    this.#scripting = parts.scripting;
    this.#stats = parts.stats;
    this.#images = parts.images;
    this.#volumes = parts.volumes;
    this.#networks = parts.networks;
    this.#newId = parts.newId;
    for (const [image, behaviour] of Object.entries(options.imageBehaviours ?? {})) this.onImage(image, behaviour);
  }

  // ───────────────────────────── test controls: recording ─────────────────────────────

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

  // ───────────────────────────── test controls: scripting ─────────────────────────────

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

  // ───────────────────────────── test controls: container events ─────────────────────────────

  /** Appends a line to a container's logs, as if its main process wrote it. */
  writeLog(id: string, text: string, stream: LogLine['stream'] = 'stdout'): void {
    this.#containers.get(id, 'writeLog').logs.appendText(stream, text);
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
    return this.#gate.call('createContainer', [spec, opts], signalOf(opts), () => {
      const valid = validateContainerSpec(spec);
      return () => this.#factory.create(valid).toInstance(this.name);
    });
  }

  /** {@inheritDoc ContainerDriver.startContainer} */
  startContainer(id: string, opts: OpOptions = {}): Promise<void> {
    return this.#gate.call('startContainer', [id, opts], signalOf(opts), () => () => {
      const c = this.#containers.get(id, 'startContainer');
      if (c.state !== 'running') this.#runtime.start(c);
    });
  }

  /** {@inheritDoc ContainerDriver.stopContainer} */
  stopContainer(id: string, opts: StopOptions = {}): Promise<void> {
    return this.#gate.call('stopContainer', [id, opts], signalOf(opts), () => {
      validateStopOptions(opts);
      return () => this.#runtime.stop(this.#containers.get(id, 'stopContainer'), opts.timeoutMs);
    });
  }

  /** {@inheritDoc ContainerDriver.restartContainer} */
  restartContainer(id: string, opts: StopOptions = {}): Promise<void> {
    return this.#gate.call('restartContainer', [id, opts], signalOf(opts), () => {
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
    return this.#gate.call('removeContainer', [id, opts], signalOf(opts), () => () => {
      return this.#runtime.remove(this.#containers.get(id, 'removeContainer'), opts);
    });
  }

  /** {@inheritDoc ContainerDriver.waitContainer} */
  waitContainer(id: string, opts: OpOptions = {}): Promise<ExitStatus> {
    return this.#gate.call('waitContainer', [id, opts], signalOf(opts), () => () => {
      return this.#runtime.waitExit(this.#containers.get(id, 'waitContainer'));
    });
  }

  /** {@inheritDoc ContainerDriver.getContainer} */
  getContainer(id: string): Promise<ContainerInstance | null> {
    return this.#gate.call('getContainer', [id], undefined, () => () => {
      return this.#containers.find(id)?.toInstance(this.name) ?? null;
    });
  }

  /** {@inheritDoc ContainerDriver.listContainers} */
  listContainers(containerFilter: ContainerFilter = {}): Promise<ContainerInstance[]> {
    return this.#gate.call('listContainers', [containerFilter], undefined, () => {
      validateContainerFilter(containerFilter);
      return () => this.#containers.list(containerFilter, this.name);
    });
  }

  // ───────────────────────────── exec & files ─────────────────────────────

  /** {@inheritDoc ContainerDriver.exec} */
  exec(id: string, spec: ExecSpec): Promise<ExecResult> {
    return this.#gate.call('exec', [id, spec], undefined, () => {
      const valid = validateExecSpec(spec);
      return () => this.#execs.run(this.#containers.running(id, 'exec'), valid);
    });
  }

  /** {@inheritDoc ContainerDriver.execStream} */
  execStream(id: string, spec: ExecSpec): ExecHandle {
    const stream = new ExecStream();
    const result = this.#gate.call('execStream', [id, spec], undefined, () => {
      const valid = validateExecSpec(spec);
      return () => this.#execs.stream(this.#containers.running(id, 'execStream'), valid, stream);
    });
    return stream.handle(result);
  }

  /** {@inheritDoc ContainerDriver.putFiles} */
  putFiles(id: string, files: FileEntry[], opts: OpOptions = {}): Promise<void> {
    return this.#gate.call('putFiles', [id, files, opts], signalOf(opts), () => {
      validateFileEntries(files);
      return () => putContainerFiles(this.#containers.get(id, 'putFiles'), files);
    });
  }

  /** {@inheritDoc ContainerDriver.getFile} */
  getFile(id: string, path: string, opts: OpOptions = {}): Promise<Uint8Array> {
    return this.#gate.call('getFile', [id, path, opts], signalOf(opts), () => {
      validateFilePath(path, 'path');
      return () => readContainerFile(this.#containers.get(id, 'getFile'), path);
    });
  }

  // ───────────────────────────── observation ─────────────────────────────

  /** {@inheritDoc ContainerDriver.getContainerLogs} */
  getContainerLogs(id: string, opts: LogOptions = {}): Promise<string> {
    return this.#gate.call('getContainerLogs', [id, opts], signalOf(opts), () => {
      validateLogOptions(opts);
      return () => {
        const c = this.#containers.get(id, 'getContainerLogs');
        return renderLogs(c.logs.select(opts), opts.timestamps === true);
      };
    });
  }

  /** {@inheritDoc ContainerDriver.logs$} */
  logs$(id: string, opts: LogStreamOptions = {}): Observable<LogLine> {
    return this.#gate.stream<LogLine>('logs$', [id, opts], (subscriber) => {
      validateLogOptions(opts);
      return followLogs(this.#containers.get(id, 'logs$'), opts, subscriber, this.#timers);
    });
  }

  /** {@inheritDoc ContainerDriver.getStats} */
  getStats(id: string): Promise<StatsSample> {
    return this.#gate.call('getStats', [id], undefined, () => () => {
      return this.#stats.sample(this.#containers.running(id, 'getStats'));
    });
  }

  /** {@inheritDoc ContainerDriver.stats$} */
  stats$(id: string, opts: StatsStreamOptions = {}): Observable<StatsSample> {
    return this.#gate.stream<StatsSample>('stats$', [id, opts], (subscriber) => {
      validateStatsStreamOptions(opts);
      return this.#stats.follow(this.#containers.get(id, 'stats$'), opts.intervalMs ?? 1000, subscriber);
    });
  }

  /** {@inheritDoc ContainerDriver.events$} */
  events$(eventFilter?: EventFilter): Observable<DriverEvent> {
    return this.#gate.stream<DriverEvent>('events$', [eventFilter], (subscriber) => {
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
      await this.#gate.call('healthCheck', [], undefined, () => noop);
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
    return this.#gate.call('isContainerHealthy', [id], undefined, () => () => {
      return this.#runtime.isHealthy(this.#containers.get(id, 'isContainerHealthy'));
    });
  }

  // ───────────────────────────── volumes, networks, images ─────────────────────────────

  /** {@inheritDoc ContainerDriver.createVolume} */
  createVolume(spec: VolumeSpec): Promise<Volume> {
    return this.#gate.call('createVolume', [spec], undefined, () => {
      const valid = validateVolumeSpec(spec);
      return () => this.#volumes.create(valid);
    });
  }

  /** {@inheritDoc ContainerDriver.removeVolume} */
  removeVolume(name: string): Promise<void> {
    return this.#gate.call('removeVolume', [name], undefined, () => () => {
      this.#volumes.remove(name, this.#containers.usesVolume(name));
    });
  }

  /** {@inheritDoc ContainerDriver.listVolumes} */
  listVolumes(): Promise<Volume[]> {
    return this.#gate.call('listVolumes', [], undefined, () => () => this.#volumes.list());
  }

  /** {@inheritDoc ContainerDriver.createNetwork} */
  createNetwork(spec: NetworkSpec): Promise<Network> {
    return this.#gate.call('createNetwork', [spec], undefined, () => {
      const valid = validateNetworkSpec(spec);
      return () => this.#networks.create(valid, this.#newId());
    });
  }

  /** {@inheritDoc ContainerDriver.removeNetwork} */
  removeNetwork(id: string): Promise<void> {
    return this.#gate.call('removeNetwork', [id], undefined, () => () => {
      this.#networks.remove(id, (n) => this.#containers.usesNetwork(n));
    });
  }

  /** {@inheritDoc ContainerDriver.listNetworks} */
  listNetworks(): Promise<Network[]> {
    return this.#gate.call('listNetworks', [], undefined, () => () => this.#networks.list());
  }

  /** {@inheritDoc ContainerDriver.pullImage} */
  pullImage(image: string, opts: PullOptions = {}): Promise<void> {
    return this.#gate.call('pullImage', [image, opts], signalOf(opts), () => async () => {
      await this.#images.pull(image, opts, this.#timers);
      this.#engineEvents.publish({ type: 'image', action: 'pull', id: image, name: image });
    });
  }

  /** {@inheritDoc ContainerDriver.listImages} */
  listImages(): Promise<ImageInfo[]> {
    return this.#gate.call('listImages', [], undefined, () => () => this.#images.list());
  }

  /** {@inheritDoc ContainerDriver.removeImage} */
  removeImage(image: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.#gate.call('removeImage', [image, opts], undefined, () => () => {
      const id = this.#images.idOf(image);
      this.#images.remove(image, this.#containers.usesImage(image), opts.force === true);
      this.#engineEvents.publish({ type: 'image', action: 'untag', id: id ?? image, name: image });
      this.#engineEvents.publish({ type: 'image', action: 'delete', id: id ?? image, name: image });
    });
  }

  /**
   * Builds an image the mock's way (see `mockBuildImage`): one `step` per Dockerfile instruction, `FROM` needs a
   * local image, `RUN exit <n>` fails with `ImageBuildError`, `RUN echo <text>` prints; the tags become local images.
   */
  buildImage(opts: BuildImageOptions): Promise<BuildImageResult> {
    return this.#gate.call('buildImage', [opts], opts?.signal, () => async () => {
      const result = await mockBuildImage(this.#images, opts);
      for (const tag of result.tags) {
        this.#engineEvents.publish({ type: 'image', action: 'tag', id: result.imageId, name: tag });
      }
      return result;
    });
  }

  /** {@inheritDoc ContainerDriver.getSystemInfo} */
  getSystemInfo(): Promise<SystemInfo> {
    return this.#gate.call('getSystemInfo', [], undefined, () => () => mockSystemInfo(this.#world()));
  }

  /** {@inheritDoc ContainerDriver.getSystemVersion} */
  getSystemVersion(): Promise<SystemVersion> {
    return this.#gate.call('getSystemVersion', [], undefined, () => () => mockSystemVersion(this.#world()));
  }

  /** {@inheritDoc ContainerDriver.getSystemUsage} */
  getSystemUsage(): Promise<SystemUsage> {
    return this.#gate.call('getSystemUsage', [], undefined, () => () => mockSystemUsage(this.#world()));
  }

  /** {@inheritDoc ContainerDriver.inspectContainer} */
  inspectContainer(id: string): Promise<ContainerDetails> {
    return this.#gate.call('inspectContainer', [id], undefined, () => () => {
      const c = this.#containers.get(id, 'inspectContainer');
      return toMockContainerDetails(c, { driver: this.name, argv: this.#runtime.mainArgv(c), env: c.env });
    });
  }

  /**
   * {@inheritDoc ContainerDriver.engineEvents$}
   *
   * The mock's engine reports what happens to its containers (`create`, `start`, `die`, `stop`, `oom`, `destroy`,
   * `health_status: …`), images (`pull`, `tag` after a build, `untag` and `delete`), networks and volumes
   * (`create`, `destroy`), as Docker does. Goes down with `faults.down()` like every stream.
   */
  engineEvents$(eventFilter?: EngineEventFilter): Observable<EngineEvent> {
    return this.#gate.stream<EngineEvent>('engineEvents$', [eventFilter], (subscriber) => {
      const subscription = this.#engineEvents.events$(validateEngineEventFilter(eventFilter)).subscribe(subscriber);
      return () => subscription.unsubscribe();
    });
  }

  #world(): MockWorld {
    return {
      version: this.version,
      states: this.#containers
        .all()
        .map((c) => c.state)
        .filter((s) => s !== 'removed'),
      imageSizes: this.#images.list().map((i) => i.sizeBytes),
      volumes: this.#volumes.list().length,
    };
  }

  /**
   * Completes every stream, ends every process, clears every timer. Pending `waitContainer`/`exec` calls
   * reject with `DriverUnavailableError`; later calls do too. Idempotent.
   */
  async dispose(): Promise<void> {
    if (this.#gate.closed) return;
    this.#gate.close();
    for (const c of this.#containers.all()) this.#runtime.shutdown(c);
    this.#events.close();
    this.#engineEvents.close();
    this.#timers.clearAll();
  }
}
