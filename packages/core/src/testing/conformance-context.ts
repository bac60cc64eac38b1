import type { Unsubscribable } from 'rxjs';
import type { ContainerDriver, ContainerInstance, ContainerSpec, DriverCapabilities } from '../contract/index.js';
import type { CleanupTracker } from './cleanup-tracker.js';

/** Label key the kit puts on every container it creates; its value is the run id. */
export const CONFORMANCE_LABEL = 'berth.conformance';

/**
 * What every case (and `additionalTests`) gets: the driver under test, the image, the run's labels, and
 * helpers that create containers already tracked for clean-up.
 */
export interface ConformanceContext {
  /** Driver name given to `runDriverConformance`. */
  readonly name: string;
  /** The suite's driver (created once, disposed after all tests). */
  readonly driver: ContainerDriver;
  /** `driver.capabilities`, as read when the suite was defined. */
  readonly capabilities: DriverCapabilities;
  /** The driver factory, for tests that need a fresh driver (track it with {@link trackDriver}). */
  readonly makeDriver: () => ContainerDriver | Promise<ContainerDriver>;
  /** Image of every test container. */
  readonly image: string;
  /** Unique id of this run; safe as part of volume, network and container names. */
  readonly runId: string;
  /** Labels every kit container carries, including `berth.conformance=<runId>`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Jest timeout of each test, in ms. */
  readonly timeoutMs: number;
  /** Tracks a container for removal after the current test; returns the id. */
  track(id: string): string;
  /** Tracks a volume for removal after the current test; returns the name. */
  trackVolume(name: string): string;
  /** Tracks a network for removal after the current test; returns the id. */
  trackNetwork(id: string): string;
  /** Unsubscribes after the current test. */
  trackSubscription(subscription: Unsubscribable): void;
  /** Disposes an extra driver after the current test. */
  trackDriver(driver: ContainerDriver): void;
  /** A spec with the kit's image and labels (merged over `extra.labels`) and the given command. */
  spec(command: string[], extra?: Partial<ContainerSpec>): ContainerSpec;
  /** Creates (and tracks) a container running `command`. */
  create(command: string[], extra?: Partial<ContainerSpec>): Promise<ContainerInstance>;
  /** Creates (and tracks) a container running `command`, then starts it. */
  run(command: string[], extra?: Partial<ContainerSpec>): Promise<ContainerInstance>;
  /** A name unique in this run, e.g. for volumes, networks and containers. */
  uniqueName(prefix: string): string;
  /** An absolute path unique to this run, for files put into containers. */
  path(relative: string): string;
}

/** What {@link createConformanceContext} needs. */
export interface ConformanceContextInit {
  /** Driver name. */
  name: string;
  /** The suite's driver. */
  driver: ContainerDriver;
  /** The driver factory. */
  makeDriver: () => ContainerDriver | Promise<ContainerDriver>;
  /** Image of test containers. */
  image: string;
  /** Extra labels from the options. */
  labels: Record<string, string>;
  /** Per-test timeout. */
  timeoutMs: number;
  /** Clean-up tracker of the suite. */
  tracker: CleanupTracker;
}

/** A run id: driver name, time and randomness, restricted to `[a-zA-Z0-9_.-]`. */
export function newRunId(name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 24);
  const random = Math.random().toString(36).slice(2, 8);
  return `conf-${safe}-${Date.now().toString(36)}${random}`;
}

/** Builds the context shared by the suite's cases. */
export function createConformanceContext(init: ConformanceContextInit): ConformanceContext {
  const runId = newRunId(init.name);
  const labels = Object.freeze({ ...init.labels, [CONFORMANCE_LABEL]: runId });
  const { driver, tracker } = init;
  let counter = 0;
  const spec = (command: string[], extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
    ...extra,
    image: extra.image ?? init.image,
    command,
    labels: { ...extra.labels, ...labels },
  });
  const create = async (command: string[], extra?: Partial<ContainerSpec>): Promise<ContainerInstance> => {
    const instance = await driver.createContainer(spec(command, extra));
    tracker.container(instance.id);
    return instance;
  };
  return {
    name: init.name,
    driver,
    capabilities: driver.capabilities,
    makeDriver: init.makeDriver,
    image: init.image,
    runId,
    labels,
    timeoutMs: init.timeoutMs,
    track: (id) => tracker.container(id),
    trackVolume: (name) => tracker.volume(name),
    trackNetwork: (id) => tracker.network(id),
    trackSubscription: (subscription) => tracker.subscription(subscription),
    trackDriver: (extraDriver) => tracker.driver(extraDriver),
    spec,
    create,
    run: async (command, extra) => {
      const instance = await create(command, extra);
      await driver.startContainer(instance.id);
      return instance;
    },
    uniqueName: (prefix) => `${prefix}-${runId}-${++counter}`,
    path: (relative) => `/tmp/berth-${runId}/${relative.replace(/^\/+/, '')}`,
  };
}
