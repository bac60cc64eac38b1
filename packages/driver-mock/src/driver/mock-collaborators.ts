import { ContainerEvents } from '../container/container-events.js';
import { ContainerFactory } from '../container/container-factory.js';
import { ContainerRegistry } from '../container/container-registry.js';
import { ContainerRuntime } from '../container/container-runtime.js';
import { ExecRunner } from '../container/exec-runner.js';
import { EngineEventFeed } from '../events/engine-event-feed.js';
import { MockFaults } from '../faults/mock-faults.js';
import { DEFAULT_MOCK_IMAGES, ImageStore } from '../images/image-store.js';
import { deriveRandom } from '../random/mulberry32.js';
import { randomHex } from '../random/random-hex.js';
import { CallRecorder } from '../recording/call-recorder.js';
import { BindStore } from '../resources/bind-store.js';
import { NetworkStore } from '../resources/network-store.js';
import { VolumeStore } from '../resources/volume-store.js';
import { MockScripting } from '../scripting/mock-scripting.js';
import { StatsSampler } from '../stats/stats-sampler.js';
import { TimerRegistry } from '../timers/timer-registry.js';
import { CallGate } from './call-gate.js';
import type { MockDriverOptions } from './mock-driver-options.js';

const GIB = 1024 * 1024 * 1024;

/** The named parts a {@link MockDriver} delegates to (see `createMockCollaborators`). */
export interface MockCollaborators {
  /** Every call, recorded (`mock.calls`). */
  recorder: CallRecorder;
  /** Fault injection (`mock.faults`). */
  faults: MockFaults;
  /** Every timer the mock owns (`mock.pendingTimers`; cleared on dispose). */
  timers: TimerRegistry;
  /** The way every operation goes: recorded, prechecked, faults applied, refused once disposed. */
  gate: CallGate;
  /** The event feed (`events$`). */
  events: ContainerEvents;
  /** The engine's event feed (`engineEvents$`): containers, images, networks, volumes. */
  engineEvents: EngineEventFeed;
  /** Containers by id. */
  containers: ContainerRegistry;
  /** Makes containers (`createContainer`). */
  factory: ContainerFactory;
  /** Main processes, stops, waits, exits, health and removal. */
  runtime: ContainerRuntime;
  /** Execs (`exec`, `execStream`). */
  execs: ExecRunner;
  /** What tests scripted (`onExec`, `onImage`, `onStats`). */
  scripting: MockScripting;
  /** Stats samples and streams. */
  stats: StatsSampler;
  /** The image registry and local images. */
  images: ImageStore;
  /** Named volumes. */
  volumes: VolumeStore;
  /** Networks. */
  networks: NetworkStore;
  /** A new seeded 64-hex id (containers and networks share the sequence). */
  newId: () => string;
}

/**
 * Wires the collaborators of a {@link MockDriver} from its (validated) options: one seeded random stream per
 * concern (`ids`, `faults`, `images`, `stats`), so the same seed gives the same run.
 *
 * @param options - the driver's options.
 * @param driverName - the driver's name, read when it is needed (a subclass may rename the driver).
 */
export function createMockCollaborators(options: MockDriverOptions, driverName: () => string): MockCollaborators {
  const seed = options.seed ?? 1;
  const idRandom = deriveRandom(seed, 'ids');
  const newId = (): string => randomHex(idRandom, 64);
  const recorder = new CallRecorder();
  const timers = new TimerRegistry();
  const faults = new MockFaults(deriveRandom(seed, 'faults'));
  const gate = new CallGate({ recorder, faults, timers });
  const engineEvents = new EngineEventFeed();
  const events = new ContainerEvents(engineEvents);
  const containers = new ContainerRegistry();
  const images = new ImageStore(
    deriveRandom(seed, 'images'),
    options.images ?? DEFAULT_MOCK_IMAGES,
    options.acceptAnyImage ?? false,
  );
  const volumes = new VolumeStore(engineEvents);
  const networks = new NetworkStore(engineEvents);
  const scripting = new MockScripting(driverName);
  const factory = new ContainerFactory({
    containers,
    events,
    images,
    volumes,
    binds: new BindStore(),
    networks,
    newId,
  });
  const runtime = new ContainerRuntime({
    containers,
    events,
    scripting,
    timers,
    defaultCommand: options.defaultCommand,
  });
  const execs = new ExecRunner({ scripting, timers, disposed: () => gate.closed });
  const stats = new StatsSampler({
    random: deriveRandom(seed, 'stats'),
    hostMemoryBytes: options.hostMemoryBytes ?? 8 * GIB,
    generators: (image) => scripting.statsGenerators(image),
    timers,
  });
  return {
    recorder,
    faults,
    timers,
    gate,
    events,
    engineEvents,
    containers,
    factory,
    runtime,
    execs,
    scripting,
    stats,
    images,
    volumes,
    networks,
    newId,
  };
}
