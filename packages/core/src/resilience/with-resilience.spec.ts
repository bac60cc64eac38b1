import { jest } from '@jest/globals';
import { EMPTY, type Observable } from 'rxjs';
import { FULL_CAPABILITIES } from '../contract/capabilities.js';
import type { ContainerDriver } from '../contract/container-driver.js';
import type { ContainerInstance, ExitStatus } from '../contract/container-instance.js';
import type {
  DriverEvent,
  DriverHealth,
  ExecHandle,
  ExecResult,
  LogLine,
  OpOptions,
  StatsSample,
} from '../contract/operations.js';
import type { ImageInfo, Network, Volume } from '../contract/resources.js';
import {
  CircuitOpenError,
  ContainerNotFoundError,
  ContainerTimeoutError,
  DriverUnavailableError,
  ValidationError,
} from '../errors/index.js';
import type { BreakerStateChange } from './breaker-state.js';
import type { OperationName } from './operation-groups.js';
import type { ResiliencePolicy } from './resilience-policy.js';
import type { ResilientDriver } from './resilient-driver.js';
import { withResilience } from './with-resilience.js';

type Handler = (...args: unknown[]) => Promise<unknown>;

const instance: ContainerInstance = {
  id: 'c1',
  name: 'c1',
  sessionId: null,
  image: 'busybox',
  state: 'running',
  status: 'Up',
  endpoint: null,
  createdAt: new Date(0),
  labels: {},
  resources: {},
  driver: 'fake',
};

/** A minimal in-file driver: every operation counts its calls and runs a replaceable handler. */
class FakeDriver implements ContainerDriver {
  readonly name = 'fake';
  readonly version = '0.0.0';
  readonly capabilities = FULL_CAPABILITIES;
  readonly calls = new Map<string, number>();
  readonly handlers = new Map<string, Handler>();
  readonly logsStream: Observable<LogLine> = EMPTY;
  disposed = 0;

  /** Makes `op` run `handler` from now on. */
  on(op: OperationName | 'healthCheck', handler: Handler): void {
    this.handlers.set(op, handler);
  }

  count(op: OperationName | 'healthCheck'): number {
    return this.calls.get(op) ?? 0;
  }

  #run<T>(op: OperationName | 'healthCheck', fallback: T, ...args: unknown[]): Promise<T> {
    this.calls.set(op, this.count(op) + 1);
    const handler = this.handlers.get(op);
    return handler === undefined ? Promise.resolve(fallback) : (handler(...args) as Promise<T>);
  }

  createContainer(spec: unknown, opts?: OpOptions): Promise<ContainerInstance> {
    return this.#run('createContainer', instance, spec, opts);
  }
  startContainer(id: string, opts?: OpOptions): Promise<void> {
    return this.#run('startContainer', undefined, id, opts);
  }
  stopContainer(id: string, opts?: OpOptions): Promise<void> {
    return this.#run('stopContainer', undefined, id, opts);
  }
  restartContainer(id: string, opts?: OpOptions): Promise<void> {
    return this.#run('restartContainer', undefined, id, opts);
  }
  removeContainer(id: string, opts?: OpOptions): Promise<void> {
    return this.#run('removeContainer', undefined, id, opts);
  }
  waitContainer(id: string, opts?: OpOptions): Promise<ExitStatus> {
    return this.#run('waitContainer', { exitCode: 0, oomKilled: false, finishedAt: new Date(0) }, id, opts);
  }
  getContainer(id: string): Promise<ContainerInstance | null> {
    return this.#run('getContainer', instance, id);
  }
  listContainers(): Promise<ContainerInstance[]> {
    return this.#run('listContainers', [instance]);
  }
  exec(id: string, spec: unknown): Promise<ExecResult> {
    return this.#run('exec', { exitCode: 0, stdout: '', stderr: '', durationMs: 0, timedOut: false }, id, spec);
  }
  execStream(): ExecHandle {
    throw new Error('not used');
  }
  putFiles(id: string, files: unknown, opts?: OpOptions): Promise<void> {
    return this.#run('putFiles', undefined, id, files, opts);
  }
  getFile(id: string, path: string, opts?: OpOptions): Promise<Uint8Array> {
    return this.#run('getFile', new Uint8Array(), id, path, opts);
  }
  getContainerLogs(id: string, opts?: OpOptions): Promise<string> {
    return this.#run('getContainerLogs', '', id, opts);
  }
  logs$(): Observable<LogLine> {
    return this.logsStream;
  }
  getStats(id: string): Promise<StatsSample> {
    return this.#run('getStats', {} as StatsSample, id);
  }
  stats$(): Observable<StatsSample> {
    return EMPTY;
  }
  events$(): Observable<DriverEvent> {
    return EMPTY;
  }
  healthCheck(): Promise<DriverHealth> {
    return this.#run('healthCheck', { healthy: true, latencyMs: 0, details: {} });
  }
  isContainerHealthy(id: string): Promise<boolean> {
    return this.#run('isContainerHealthy', true, id);
  }
  createVolume(): Promise<Volume> {
    return this.#run('createVolume', { name: 'v', labels: {}, createdAt: new Date(0) });
  }
  removeVolume(): Promise<void> {
    return this.#run('removeVolume', undefined);
  }
  listVolumes(): Promise<Volume[]> {
    return this.#run('listVolumes', []);
  }
  createNetwork(): Promise<Network> {
    return this.#run('createNetwork', { id: 'n', name: 'n', labels: {}, internal: false, createdAt: new Date(0) });
  }
  removeNetwork(): Promise<void> {
    return this.#run('removeNetwork', undefined);
  }
  listNetworks(): Promise<Network[]> {
    return this.#run('listNetworks', []);
  }
  listImages(): Promise<ImageInfo[]> {
    return this.#run('listImages', []);
  }
  async dispose(): Promise<void> {
    this.disposed += 1;
  }
}

const unavailable = (): Promise<never> => Promise.reject(new DriverUnavailableError('engine down'));
const never = (): Promise<never> => new Promise<never>(() => undefined);

/** Settles `promise` while advancing fake time by `ms`. */
async function settle<T>(promise: Promise<T>, ms = 0): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return outcome;
}

describe(withResilience.name, () => {
  let inner: FakeDriver;
  let driver: ResilientDriver | undefined;
  const quick: ResiliencePolicy = {
    breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 1000 },
    retry: { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 100 },
    random: () => 0.5,
  };
  const make = (policy: ResiliencePolicy = quick): ResilientDriver => {
    driver = withResilience(inner, policy);
    return driver;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    inner = new FakeDriver();
  });
  afterEach(async () => {
    await driver?.dispose();
    driver = undefined;
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  describe('circuit breaker', () => {
    it('opens after the error threshold and then fails fast with CircuitOpenError', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('listContainers', unavailable);
      expect(DriverUnavailableError.is((await settle(d.listContainers())).error)).toBe(true);
      expect(DriverUnavailableError.is((await settle(d.listContainers())).error)).toBe(true);
      expect(d.breakerState('query')).toBe('open');

      const { error } = await settle(d.getContainer('c1'));
      expect(CircuitOpenError.is(error)).toBe(true);
      expect((error as CircuitOpenError).group).toBe('query');
      expect(inner.count('getContainer')).toBe(0);
    });

    it('keeps other groups closed when one opens', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('listContainers', unavailable);
      await settle(d.listContainers());
      await settle(d.listContainers());
      expect(d.breakerState('query')).toBe('open');
      expect(d.breakerState('lifecycle')).toBe('closed');
      expect((await settle(d.startContainer('c1'))).error).toBeUndefined();
    });

    it('closes again after a successful half-open probe, emitting every transition', async () => {
      const d = make({ ...quick, retry: false });
      const changes: BreakerStateChange[] = [];
      d.breakerState$.subscribe((c) => changes.push(c));
      inner.on('getStats', unavailable);
      await settle(d.getStats('c1'));
      await settle(d.getStats('c1'));
      await jest.advanceTimersByTimeAsync(1000);
      expect(d.breakerState('query')).toBe('halfOpen');

      inner.handlers.delete('getStats');
      expect((await settle(d.getStats('c1'))).error).toBeUndefined();
      expect(d.breakerState('query')).toBe('closed');
      expect(changes.map((c) => [c.group, c.state])).toEqual([
        ['query', 'open'],
        ['query', 'halfOpen'],
        ['query', 'closed'],
      ]);
      expect(changes.every((c) => c.at instanceof Date)).toBe(true);
    });

    it('opens again when the half-open probe fails', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('getStats', unavailable);
      await settle(d.getStats('c1'));
      await settle(d.getStats('c1'));
      await jest.advanceTimersByTimeAsync(1000);
      await settle(d.getStats('c1'));
      expect(d.breakerState('query')).toBe('open');
    });

    it('never trips on validation or not-found errors', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('startContainer', (id) => Promise.reject(new ContainerNotFoundError(String(id))));
      inner.on('createContainer', () => Promise.reject(new ValidationError([{ path: 'image', message: 'bad' }])));
      for (let i = 0; i < 5; i += 1) {
        expect(ContainerNotFoundError.is((await settle(d.startContainer('gone'))).error)).toBe(true);
        expect((await settle(d.createContainer({ image: '' }))).error).toBeInstanceOf(ValidationError);
      }
      expect(d.breakerState('lifecycle')).toBe('closed');
      expect(inner.count('startContainer')).toBe(5);
    });
  });

  describe('errors', () => {
    it('throws ValidationError for a bad policy', () => {
      expect(() => withResilience(inner, { retry: { maxRetries: -1 } })).toThrow(ValidationError);
    });

    it('wraps raw driver errors in DriverUnavailableError with the cause', async () => {
      const d = make({ ...quick, retry: false });
      const raw = new Error('ECONNREFUSED');
      inner.on('createVolume', () => Promise.reject(raw));
      const { error } = await settle(d.createVolume({ name: 'v' }));
      expect(DriverUnavailableError.is(error)).toBe(true);
      expect((error as DriverUnavailableError).cause).toBe(raw);
      expect((error as DriverUnavailableError).operation).toBe('createVolume');
    });
  });

  describe('retries', () => {
    it('retries an idempotent operation on retryable errors until it succeeds', async () => {
      const d = make({ ...quick, breaker: { volumeThreshold: 100 } });
      let failures = 2;
      inner.on('getContainer', () => (failures-- > 0 ? unavailable() : Promise.resolve(instance)));
      const { value } = await settle(d.getContainer('c1'), 100);
      expect(value).toEqual(instance);
      expect(inner.count('getContainer')).toBe(3);
    });

    it('gives up after maxRetries with the last error', async () => {
      const d = make({ ...quick, breaker: { volumeThreshold: 100 } });
      inner.on('listVolumes', unavailable);
      const { error } = await settle(d.listVolumes(), 1000);
      expect(DriverUnavailableError.is(error)).toBe(true);
      expect(inner.count('listVolumes')).toBe(3);
    });

    it('does not retry non-idempotent operations', async () => {
      const d = make();
      inner.on('createContainer', unavailable);
      inner.on('exec', unavailable);
      inner.on('putFiles', unavailable);
      await settle(d.createContainer({ image: 'busybox' }), 1000);
      await settle(d.exec('c1', { command: ['true'] }), 1000);
      await settle(d.putFiles('c1', [{ path: '/a', content: 'x' }]), 1000);
      expect([inner.count('createContainer'), inner.count('exec'), inner.count('putFiles')]).toEqual([1, 1, 1]);
    });

    it('does not retry non-retryable errors of idempotent operations', async () => {
      const d = make();
      inner.on('getFile', () => Promise.reject(new ContainerNotFoundError('c1')));
      await settle(d.getFile('c1', '/etc/hosts'), 1000);
      expect(inner.count('getFile')).toBe(1);
    });

    it('retries exactly the operations listed in idempotentOperations', async () => {
      const d = make({ ...quick, breaker: { volumeThreshold: 100 }, idempotentOperations: ['createContainer'] });
      inner.on('createContainer', unavailable);
      inner.on('getContainer', unavailable);
      await settle(d.createContainer({ image: 'busybox' }), 1000);
      await settle(d.getContainer('c1'), 1000);
      expect(inner.count('createContainer')).toBe(3);
      expect(inner.count('getContainer')).toBe(1);
    });

    it('does not retry while the breaker is open', async () => {
      const d = make();
      inner.on('listContainers', unavailable);
      const { error } = await settle(d.listContainers(), 1000);
      expect(CircuitOpenError.is(error)).toBe(true);
      expect(inner.count('listContainers')).toBe(2);
    });
  });

  describe('timeouts', () => {
    it('rejects with ContainerTimeoutError naming the operation and aborts the try', async () => {
      const d = make({ ...quick, retry: false, timeouts: { startContainer: 50 } });
      let signal: AbortSignal | undefined;
      inner.on('startContainer', (_id, opts) => {
        signal = (opts as OpOptions).signal;
        return never();
      });
      const { error } = await settle(d.startContainer('c1'), 50);
      expect(error).toBeInstanceOf(ContainerTimeoutError);
      expect((error as ContainerTimeoutError).operation).toBe('startContainer');
      expect((error as ContainerTimeoutError).containerId).toBe('c1');
      expect(signal?.aborted).toBe(true);
    });

    it('counts timeouts as breaker failures', async () => {
      const d = make({ ...quick, retry: false, defaultTimeoutMs: 20 });
      inner.on('listNetworks', never);
      await settle(d.listNetworks(), 20);
      await settle(d.listNetworks(), 20);
      expect(d.breakerState('resources')).toBe('open');
    });
  });

  describe('abort', () => {
    it('rejects with the signal reason as soon as the signal aborts, leaving no timer', async () => {
      const d = make();
      const baseline = jest.getTimerCount();
      inner.on('waitContainer', never);
      const controller = new AbortController();
      const pending = settle(d.waitContainer('c1', { signal: controller.signal }));
      const reason = new Error('caller gave up');
      controller.abort(reason);
      expect((await pending).error).toBe(reason);
      expect(jest.getTimerCount()).toBe(baseline);
    });

    it('stops waiting in backoff when the signal aborts', async () => {
      const d = make({ ...quick, retry: { maxRetries: 3, baseDelayMs: 10_000 } });
      const baseline = jest.getTimerCount();
      inner.on('startContainer', unavailable);
      const controller = new AbortController();
      const pending = settle(d.startContainer('c1', { signal: controller.signal }));
      await jest.advanceTimersByTimeAsync(0);
      expect(jest.getTimerCount()).toBe(baseline + 1);
      controller.abort();
      const { error } = await pending;
      expect((error as Error).name).toBe('AbortError');
      expect(inner.count('startContainer')).toBe(1);
      expect(jest.getTimerCount()).toBe(baseline);
    });

    it('rejects at once when the signal is already aborted', async () => {
      const d = make();
      const { error } = await settle(d.startContainer('c1', { signal: AbortSignal.abort() }));
      expect((error as Error).name).toBe('AbortError');
      expect(inner.count('startContainer')).toBe(0);
    });
  });

  describe('pass-through', () => {
    it('passes streams and healthCheck straight to the inner driver, even with a breaker open', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('listContainers', unavailable);
      await settle(d.listContainers());
      await settle(d.listContainers());
      expect(d.breakerState('query')).toBe('open');
      expect(d.logs$('c1')).toBe(inner.logsStream);
      expect((await settle(d.healthCheck())).value).toEqual({ healthy: true, latencyMs: 0, details: {} });
    });

    it('exposes optional image operations only when the inner driver has them', async () => {
      const d = make();
      expect(d.listImages).toBeDefined();
      expect(d.pullImage).toBeUndefined();
      expect((await settle(d.listImages?.() ?? Promise.resolve([]))).value).toEqual([]);
    });

    it('keeps the inner driver identity', () => {
      const d = make();
      expect([d.name, d.version, d.capabilities, d.inner]).toEqual([
        inner.name,
        inner.version,
        inner.capabilities,
        inner,
      ]);
    });
  });

  describe('.dispose', () => {
    it('shuts the breakers down, leaving no timer, completes breakerState$ and disposes the inner driver once', async () => {
      const d = make();
      let completed = false;
      d.breakerState$.subscribe({ complete: () => (completed = true) });
      expect(jest.getTimerCount()).toBeGreaterThan(0);
      await d.dispose();
      await d.dispose();
      expect(jest.getTimerCount()).toBe(0);
      expect(completed).toBe(true);
      expect(inner.disposed).toBe(1);
    });

    it('clears the reset timer of an open breaker, leaving no timer', async () => {
      const d = make({ ...quick, retry: false });
      inner.on('listContainers', unavailable);
      await settle(d.listContainers());
      await settle(d.listContainers());
      expect(d.breakerState('query')).toBe('open');
      await d.dispose();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('rejects calls in flight and later calls with DriverUnavailableError', async () => {
      const d = make();
      inner.on('waitContainer', never);
      const pending = settle(d.waitContainer('c1'));
      await d.dispose();
      expect(DriverUnavailableError.is((await pending).error)).toBe(true);
      expect(DriverUnavailableError.is((await settle(d.getContainer('c1'))).error)).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
