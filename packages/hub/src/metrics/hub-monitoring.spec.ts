import type { BerthLogger } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { Registry } from 'prom-client';
import { filter, firstValueFrom, Subject } from 'rxjs';
import { HubAlertSink } from './hub-alert-sink.js';
import { HubMonitoring } from './hub-monitoring.js';

const silent: BerthLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe(HubMonitoring.name, () => {
  let driver: MockDriver;
  let monitoring: HubMonitoring | undefined;
  const frames: Buffer[] = [];

  beforeEach(() => {
    driver = new MockDriver({ seed: 9 });
    frames.length = 0;
  });

  afterEach(async () => {
    await monitoring?.close();
    await driver.dispose();
  });

  const make = (extra: { monitorContainers?: boolean | { intervalMs?: number } } = {}) => {
    const registry = new Registry();
    monitoring = new HubMonitoring({
      registry,
      drivers: new Map([['mock-1', driver]]),
      sessions: { events$: new Subject(), listSessions: async () => [{ status: 'ready' }] },
      alerts: new HubAlertSink((f) => frames.push(f)),
      logger: silent,
      ...extra,
    });
    return registry;
  };

  it('serves driver calls made through the original driver, sessions by status, on the given registry', async () => {
    const registry = make();
    await driver.listContainers();
    const text = await registry.metrics();
    expect(text).toContain(
      'berth_driver_operations_total{driver="mock",host="mock-1",operation="listContainers",outcome="ok"} 1',
    );
    expect(text).toContain('berth_sessions{status="ready"} 1');
  });

  it('with monitorContainers, samples a container started later into the container gauges', async () => {
    const registry = make({ monitorContainers: { intervalMs: 10 } });
    driver.onStats(() => ({ cpuPercent: 42 }));
    const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
    const monitor = monitoring?.monitor('mock-1');
    const sampled = firstValueFrom(monitor!.metrics$.pipe(filter((m) => m.containerId === c.id)));
    await driver.startContainer(c.id);
    await sampled;
    expect(await registry.metrics()).toContain(
      `berth_container_cpu_percent{container="${c.id}",name="${c.name}",driver="mock",host="mock-1"} 42`,
    );
    await driver.removeContainer(c.id, { force: true });
  });

  it('sends a hub action alert as one alert frame with the host id', async () => {
    make({ monitorContainers: { intervalMs: 10 } });
    driver.onStats(() => ({ cpuPercent: 99 }));
    const monitor = monitoring!.monitor('mock-1')!;
    monitor.addAlertRule({
      id: 'hot',
      name: 'Hot',
      condition: (m) => m.cpu.percentage > 80,
      severity: 'critical',
      actions: [{ type: 'hub' }],
    });
    const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
    const fired = firstValueFrom(monitor.alerts$);
    await driver.startContainer(c.id);
    await fired;
    await monitor.idle();
    expect(frames.map((f) => JSON.parse(f.toString('utf8')))).toEqual([
      expect.objectContaining({
        type: 'alert',
        containerID: c.id,
        hostId: 'mock-1',
        data: expect.objectContaining({ ruleId: 'hot', state: 'firing', severity: 'critical' }),
      }),
    ]);
    await driver.removeContainer(c.id, { force: true });
  });

  it('close restores the driver methods', async () => {
    const original = driver.listContainers;
    make();
    expect(driver.listContainers).not.toBe(original);
    await monitoring?.close();
    expect(driver.listContainers).toBe(original);
  });
});
