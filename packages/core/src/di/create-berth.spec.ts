import 'reflect-metadata';
import { Container, ContainerModule, inject, injectable } from 'inversify';
import { EMPTY, type Observable } from 'rxjs';
import { FULL_CAPABILITIES } from '../contract/capabilities.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import type { ContainerInstance, ExitStatus } from '../contract/container-instance.js';
import type { ContainerSpec } from '../contract/container-spec.js';
import type {
  DriverEvent,
  DriverHealth,
  ExecHandle,
  ExecResult,
  LogLine,
  StatsSample,
} from '../contract/operations.js';
import type { Network, Volume } from '../contract/resources.js';
import { ContainerNotFoundError } from '../errors/index.js';
import type { ResilientDriver } from '../resilience/resilient-driver.js';
import { type BerthLogger, silentLogger } from './berth-logger.js';
import { type Berth, createBerth } from './create-berth.js';
import { createDriverModule, type DriverModuleContext } from './create-driver-module.js';
import { BERTH } from './tokens.js';

/** A custom driver: a class implementing the contract, injectable, keeping containers in a map. */
@injectable()
class TinyDriver implements ContainerDriver {
  readonly name = 'tiny';
  readonly version = '1.0.0';
  readonly capabilities = FULL_CAPABILITIES;
  readonly containers = new Map<string, ContainerInstance>();
  disposed = 0;

  constructor(@inject(BERTH.Logger) readonly logger: BerthLogger = silentLogger) {}

  async createContainer(spec: ContainerSpec): Promise<ContainerInstance> {
    const id = `tiny-${this.containers.size + 1}`;
    const c: ContainerInstance = {
      id,
      name: spec.name ?? id,
      sessionId: spec.sessionId ?? null,
      image: spec.image,
      state: 'created',
      status: 'Created',
      endpoint: null,
      createdAt: new Date(),
      labels: spec.labels ?? {},
      resources: spec.resources ?? {},
      driver: this.name,
    };
    this.containers.set(id, c);
    return c;
  }
  #get(id: string): ContainerInstance {
    const c = this.containers.get(id);
    if (c === undefined) throw new ContainerNotFoundError(id);
    return c;
  }
  async startContainer(id: string): Promise<void> {
    this.#get(id).state = 'running';
  }
  async stopContainer(id: string): Promise<void> {
    this.#get(id).state = 'exited';
  }
  async restartContainer(id: string): Promise<void> {
    this.#get(id).state = 'running';
  }
  async removeContainer(id: string): Promise<void> {
    this.#get(id);
    this.containers.delete(id);
  }
  async waitContainer(id: string): Promise<ExitStatus> {
    this.#get(id);
    return { exitCode: 0, oomKilled: false, finishedAt: new Date() };
  }
  async getContainer(id: string): Promise<ContainerInstance | null> {
    return this.containers.get(id) ?? null;
  }
  async listContainers(): Promise<ContainerInstance[]> {
    return [...this.containers.values()];
  }
  async exec(id: string): Promise<ExecResult> {
    this.#get(id);
    return { exitCode: 0, stdout: '', stderr: '', durationMs: 0, timedOut: false };
  }
  execStream(id: string): ExecHandle {
    throw new ContainerNotFoundError(id);
  }
  async putFiles(id: string): Promise<void> {
    this.#get(id);
  }
  async getFile(id: string): Promise<Uint8Array> {
    this.#get(id);
    return new Uint8Array();
  }
  async getContainerLogs(id: string): Promise<string> {
    this.#get(id);
    return '';
  }
  logs$(): Observable<LogLine> {
    return EMPTY;
  }
  async getStats(id: string): Promise<StatsSample> {
    this.#get(id);
    return {
      containerId: id,
      timestamp: new Date(),
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 1,
      memoryPercent: 0,
      pids: 1,
      networkRxBytes: 0,
      networkTxBytes: 0,
      blockReadBytes: 0,
      blockWriteBytes: 0,
    };
  }
  stats$(): Observable<StatsSample> {
    return EMPTY;
  }
  events$(): Observable<DriverEvent> {
    return EMPTY;
  }
  async healthCheck(): Promise<DriverHealth> {
    return { healthy: true, latencyMs: 0, details: {} };
  }
  async isContainerHealthy(id: string): Promise<boolean> {
    return this.#get(id).state === 'running';
  }
  async createVolume(spec: { name: string }): Promise<Volume> {
    return { name: spec.name, labels: {}, createdAt: new Date() };
  }
  async removeVolume(): Promise<void> {}
  async listVolumes(): Promise<Volume[]> {
    return [];
  }
  async createNetwork(spec: { name: string }): Promise<Network> {
    return { id: spec.name, name: spec.name, labels: {}, internal: false, createdAt: new Date() };
  }
  async removeNetwork(): Promise<void> {}
  async listNetworks(): Promise<Network[]> {
    return [];
  }
  async dispose(): Promise<void> {
    this.disposed += 1;
  }
}

const recordingLogger = (): BerthLogger & { lines: unknown[] } => {
  const lines: unknown[] = [];
  const log = (obj: object | string, msg?: string): void => {
    lines.push([obj, msg]);
  };
  return { lines, debug: log, info: log, warn: log, error: log };
};

describe('DI', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = <D extends ContainerDriver>(berth: Berth<D>): Berth<D> => {
    cleanups.push(() => berth.dispose());
    return berth;
  };

  describe('a custom driver class', () => {
    it('is bound through a ContainerModule and resolved with its injected logger', async () => {
      const container = new Container();
      cleanups.push(() => container.unbindAllAsync());
      const logger = recordingLogger();
      container.bind(BERTH.Logger).toConstantValue(logger);
      container.load(
        new ContainerModule(({ bind }) => {
          bind(BERTH.ContainerDriver).to(TinyDriver).inSingletonScope();
        }),
      );
      const driver = container.get(BERTH.ContainerDriver);
      expect(driver).toBeInstanceOf(TinyDriver);
      expect((driver as TinyDriver).logger).toBe(logger);
      expect(container.get(BERTH.ContainerDriver)).toBe(driver);
      const c = await driver.createContainer({ image: 'busybox' });
      await driver.startContainer(c.id);
      expect(await driver.isContainerHealthy(c.id)).toBe(true);
    });
  });

  describe(createDriverModule.name, () => {
    it('binds the driver as a singleton built from the bound config and logger', () => {
      const container = new Container();
      cleanups.push(() => container.unbindAllAsync());
      const logger = recordingLogger();
      const seen: DriverModuleContext[] = [];
      container.bind(BERTH.Logger).toConstantValue(logger);
      container.bind(BERTH.DriverConfig).toConstantValue({ home: '/tmp/x' });
      container.load(
        createDriverModule('tiny', (ctx) => {
          seen.push(ctx);
          return new TinyDriver(ctx.logger);
        }),
      );
      const first = container.get(BERTH.ContainerDriver);
      expect(container.get(BERTH.ContainerDriver)).toBe(first);
      expect(seen).toEqual([{ name: 'tiny', config: { home: '/tmp/x' }, logger }]);
    });

    it('falls back to an empty config and the silent logger', () => {
      const container = new Container();
      cleanups.push(() => container.unbindAllAsync());
      const seen: DriverModuleContext[] = [];
      container.load(
        createDriverModule('tiny', (ctx) => {
          seen.push(ctx);
          return new TinyDriver();
        }),
      );
      container.get(BERTH.ContainerDriver);
      expect(seen[0]?.config).toEqual({});
      expect(seen[0]?.logger).toBe(silentLogger);
    });

    it('disposes the driver when the container unbinds it', async () => {
      const container = new Container();
      const driver = new TinyDriver();
      container.load(createDriverModule('tiny', () => driver));
      container.get(BERTH.ContainerDriver);
      await container.unbindAllAsync();
      expect(driver.disposed).toBe(1);
    });
  });

  describe(createBerth.name, () => {
    it('binds a driver instance as is without resilience', () => {
      const driver = new TinyDriver();
      const berth = track(createBerth({ driver }));
      expect(berth.driver).toBe(driver);
      expect(berth.container.get(BERTH.ContainerDriver)).toBe(driver);
      expect(berth.container.get(BERTH.Logger)).toBe(silentLogger);
      expect(berth.container.isBound(BERTH.ResiliencePolicy)).toBe(false);
    });

    it('wraps a driver instance with withResilience when resilience is given', async () => {
      const inner = new TinyDriver();
      const berth = track(createBerth({ driver: inner, resilience: { retry: false } }));
      const resilient: ResilientDriver = berth.driver;
      expect(resilient.inner).toBe(inner);
      expect(resilient.breakerState('lifecycle')).toBe('closed');
      expect(berth.container.get(BERTH.ContainerDriver)).toBe(resilient);
      expect(berth.container.get(BERTH.ResiliencePolicy)).toEqual({ retry: false });
      await expect(resilient.startContainer('missing')).rejects.toBeInstanceOf(ContainerNotFoundError);
    });

    it('loads a driver module, wraps what it builds and passes config and logger to it', async () => {
      const logger = recordingLogger();
      let built: TinyDriver | undefined;
      const module = createDriverModule('tiny', ({ config, logger: log }) => {
        expect(config).toEqual({ flag: true });
        built = new TinyDriver(log);
        return built;
      });
      const berth = track(createBerth({ driver: module, resilience: true, config: { flag: true }, logger }));
      expect(berth.driver.inner).toBe(built);
      expect(built?.logger).toBe(logger);
      const c = await berth.driver.createContainer({ image: 'busybox' });
      expect(await berth.driver.getContainer(c.id)).toEqual(c);
    });

    describe('.dispose', () => {
      it('disposes a bound driver instance once', async () => {
        const driver = new TinyDriver();
        const berth = createBerth({ driver });
        await berth.dispose();
        await berth.dispose();
        expect(driver.disposed).toBe(1);
      });

      it('disposes the resilient wrapper and, through it, the module-built driver once', async () => {
        const driver = new TinyDriver();
        const berth = createBerth({ driver: createDriverModule('tiny', () => driver), resilience: {} });
        await berth.dispose();
        expect(driver.disposed).toBe(1);
        await expect(berth.driver.listContainers()).rejects.toThrow(/disposed/);
      });
    });
  });
});
