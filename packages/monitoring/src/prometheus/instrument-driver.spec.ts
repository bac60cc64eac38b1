import { DriverUnavailableError, ValidationError, withResilience } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { instrumentDriver, observeDriver } from './instrument-driver.js';
import { MonitoringMetrics } from './monitoring-metrics.js';

/** The value of one series in the registry's text output, or `undefined`. */
async function series(
  metrics: MonitoringMetrics,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const base = name.replace(/_(count|sum|bucket)$/, '');
  const metric = await metrics.registry.getSingleMetric(base)?.get();
  const found = metric?.values.find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? base) === name &&
      Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x),
  );
  return found?.value;
}

describe(observeDriver.name, () => {
  let driver: MockDriver;
  let metrics: MonitoringMetrics;

  beforeEach(() => {
    driver = new MockDriver({ seed: 3 });
    metrics = new MonitoringMetrics();
  });

  afterEach(async () => {
    await driver.dispose();
  });

  it('times and counts calls made through the original reference, by outcome', async () => {
    observeDriver(driver, metrics, { host: 'h1' });
    const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
    await driver.startContainer('0'.repeat(64)).catch(() => undefined); // not found → rejected
    driver.faults.failNext(1, new DriverUnavailableError('down'), { operation: 'startContainer' });
    await driver.startContainer(c.id).catch(() => undefined); // backend failure → error
    await driver.startContainer(c.id);
    const base = { driver: 'mock', host: 'h1' };
    expect(
      await series(metrics, 'berth_driver_operations_total', { ...base, operation: 'createContainer', outcome: 'ok' }),
    ).toBe(1);
    expect(
      await series(metrics, 'berth_driver_operations_total', {
        ...base,
        operation: 'startContainer',
        outcome: 'rejected',
      }),
    ).toBe(1);
    expect(
      await series(metrics, 'berth_driver_operations_total', {
        ...base,
        operation: 'startContainer',
        outcome: 'error',
      }),
    ).toBe(1);
    expect(
      await series(metrics, 'berth_driver_operations_total', { ...base, operation: 'startContainer', outcome: 'ok' }),
    ).toBe(1);
    expect(
      await series(metrics, 'berth_driver_operation_duration_seconds_count', { ...base, operation: 'startContainer' }),
    ).toBe(3);
    await driver.removeContainer(c.id, { force: true });
  });

  it('returns the same observation when observed twice, and detach restores the methods', async () => {
    const original = driver.createContainer;
    const first = observeDriver(driver, metrics);
    expect(observeDriver(driver, metrics)).toBe(first);
    expect(driver.createContainer).not.toBe(original);
    first.detach();
    expect(driver.createContainer).toBe(original);
    await driver.listContainers();
    expect(await series(metrics, 'berth_driver_operations_total', { operation: 'listContainers' })).toBeUndefined();
  });

  it('keeps a later observation working when an earlier one detaches first', async () => {
    const other = new MonitoringMetrics();
    const first = observeDriver(driver, metrics, { host: 'a' });
    const second = observeDriver(driver, other, { host: 'b' });
    first.detach();
    await driver.listContainers();
    expect(await series(other, 'berth_driver_operations_total', { host: 'b', operation: 'listContainers' })).toBe(1);
    expect(await series(metrics, 'berth_driver_operations_total', { operation: 'listContainers' })).toBeUndefined();
    second.detach();
    await driver.listContainers();
    expect(await series(other, 'berth_driver_operations_total', { host: 'b', operation: 'listContainers' })).toBe(1);
  });

  it('refuses a frozen driver with ValidationError', () => {
    const frozen = Object.freeze(new MockDriver());
    expect(() => observeDriver(frozen, metrics)).toThrow(ValidationError);
    return frozen.dispose();
  });

  it('reports the breaker state of a resilient driver per group, open after repeated failures', async () => {
    const resilient = withResilience(driver, {
      retry: false,
      breakers: { query: { volumeThreshold: 2, errorThresholdPercentage: 50 } },
    });
    observeDriver(resilient, metrics, { host: 'h1' });
    const labels = { driver: 'mock', host: 'h1', group: 'query' };
    expect(await series(metrics, 'berth_driver_breaker_state', { ...labels, state: 'closed' })).toBe(1);
    driver.faults.down();
    for (let i = 0; i < 3; i++) await resilient.listContainers().catch(() => undefined);
    expect(await series(metrics, 'berth_driver_breaker_state', { ...labels, state: 'open' })).toBe(1);
    expect(await series(metrics, 'berth_driver_breaker_state', { ...labels, state: 'closed' })).toBe(0);
    expect(
      await series(metrics, 'berth_driver_breaker_state', { ...labels, group: 'lifecycle', state: 'closed' }),
    ).toBe(1);
    driver.faults.up();
    await resilient.dispose();
  });
});

describe(`${observeDriver.name} with innermost`, () => {
  let driver: MockDriver;
  let metrics: MonitoringMetrics;
  const count = (operation: string, outcome = 'ok') =>
    series(metrics, 'berth_driver_operations_total', { driver: 'mock', host: 'h', operation, outcome });

  beforeEach(() => {
    driver = new MockDriver({ seed: 5 });
    metrics = new MonitoringMetrics();
  });

  afterEach(async () => {
    await driver.dispose();
  });

  it('counts each call once whichever way it reaches the engine driver: the observed wrapper, another wrapper, the raw driver', async () => {
    const hubSide = withResilience(driver, { retry: false });
    const sessionSide = withResilience(driver, { retry: false }); // e.g. a session manager's (a pool's) own wrapper
    observeDriver(hubSide, metrics, { host: 'h', innermost: true });
    await hubSide.listContainers();
    await sessionSide.listContainers();
    await driver.listContainers();
    expect(await count('listContainers')).toBe(3);
    // operations withResilience binds at construction (images, system info) are counted once too
    await hubSide.listImages?.();
    await driver.listImages?.();
    expect(await count('listImages')).toBe(2);
    // a backend failure through the wrapper: one try, one error
    driver.faults.failNext(1, new DriverUnavailableError('down'), { operation: 'listContainers' });
    await hubSide.listContainers().catch(() => undefined);
    expect(await count('listContainers', 'error')).toBe(1);
    // breakers are the observed wrapper's
    expect(await series(metrics, 'berth_driver_breaker_state', { host: 'h', group: 'query', state: 'closed' })).toBe(1);
    await hubSide.dispose();
  });

  it('detach restores the inner driver and the wrapper; a second wrapper of a timed inner only adds its breakers', async () => {
    const listContainers = driver.listContainers;
    const a = withResilience(driver, { retry: false });
    const b = withResilience(driver, { retry: false });
    const listImages = a.listImages;
    const first = observeDriver(a, metrics, { host: 'h', innermost: true });
    const second = observeDriver(b, metrics, { host: 'h', innermost: true });
    await b.listContainers();
    expect(await count('listContainers')).toBe(1);
    second.detach();
    first.detach();
    expect(driver.listContainers).toBe(listContainers);
    expect(a.listImages).toBe(listImages);
    await a.dispose();
    await b.dispose();
  });
});

describe(instrumentDriver.name, () => {
  it('counts calls through the wrapper only, and passes everything else through bound', async () => {
    const driver = new MockDriver({ seed: 4 });
    const metrics = new MonitoringMetrics();
    const wrapped = instrumentDriver(driver, metrics, { host: 'w' });
    const c = await wrapped.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
    await driver.listContainers();
    expect(wrapped.faults).toBe(driver.faults);
    expect(wrapped).toBeInstanceOf(MockDriver);
    expect(await series(metrics, 'berth_driver_operations_total', { host: 'w', operation: 'createContainer' })).toBe(1);
    expect(await series(metrics, 'berth_driver_operations_total', { operation: 'listContainers' })).toBeUndefined();
    await wrapped.removeContainer(c.id, { force: true });
    await wrapped.dispose();
  });
});
