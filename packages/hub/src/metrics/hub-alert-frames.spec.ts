/** The `hub` alert action end to end: a ContainerMonitor's alert reaches a `watchEvents` client as an `alert` frame. */
import type { BerthLogger } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { ContainerMonitor } from '@berth/monitoring';
import { pino } from 'pino';
import { HubClient } from '../client/index.js';
import { HubServer } from '../server/index.js';

const silent: BerthLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('hub alert frames', () => {
  let driver: MockDriver;
  let hub: HubServer;
  let client: HubClient | undefined;
  let monitor: ContainerMonitor | undefined;

  beforeEach(async () => {
    driver = new MockDriver({ seed: 5 });
    hub = new HubServer({
      drivers: { 'mock-a': driver },
      config: { port: 0 },
      logger: pino({ level: 'silent' }),
      defaultMetrics: false,
      dashboardDir: false,
    });
    await hub.start();
  });

  afterEach(async () => {
    await monitor?.dispose();
    await client?.close();
    await hub.close();
  });

  it('sends firing then resolved as alert frames to event watchers', async () => {
    client = await HubClient.connect(hub.address().url);
    client.send({ type: 'watchEvents' });
    await client.next((m) => m.type === 'watching');
    let cpu = 99;
    driver.onStats(() => ({ cpuPercent: cpu }));
    monitor = new ContainerMonitor(driver, {
      hub: hub.monitoring.alertSink('mock-a'),
      metrics: hub.monitoring.metrics,
      host: 'mock-a',
      intervalMs: 10,
      logger: silent,
    });
    monitor.addAlertRule({
      id: 'high-cpu-usage',
      name: 'High CPU Usage',
      condition: (m) => m.cpu.percentage > 80,
      severity: 'high',
      actions: [{ type: 'hub' }],
    });
    const c = await driver.createContainer({ image: 'busybox:latest', command: ['sleep', 'infinity'] });
    await driver.startContainer(c.id);
    monitor.startMonitoring(c);
    const firing = await client.next((m) => m.type === 'alert');
    expect(firing).toMatchObject({
      type: 'alert',
      containerID: c.id,
      hostId: 'mock-a',
      data: { ruleId: 'high-cpu-usage', severity: 'high', state: 'firing', containerId: c.id, containerName: c.name },
    });
    cpu = 5;
    const resolved = await client.next((m) => m.type === 'alert' && m.data.state === 'resolved');
    expect(resolved).toMatchObject({ data: { state: 'resolved', reason: 'condition' } });
    await driver.removeContainer(c.id, { force: true });
  });
});
