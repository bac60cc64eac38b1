/**
 * The driver-interface seed's "Monitoring Setup" example, as written (only the import and the webhook URL
 * differ: `@berth/monitoring`, and a loopback receiver instead of hooks.example.com), on the mock driver with
 * scripted stats: CPU 10 % for two samples, then 95 %.
 */
import type { BerthLogger, ContainerInstance, ContainerSpec } from '@berth/core';
import { MockDriver } from '@berth/driver-mock';
import { firstValueFrom, take, toArray } from 'rxjs';
import { ContainerMonitor } from './index.js';
import { startWebhookReceiver, type WebhookReceiver } from './testing/index.js';

describe('seed monitoring example (mock driver)', () => {
  let driver: MockDriver;
  let monitor: ContainerMonitor | undefined;
  let receiver: WebhookReceiver;
  let container: ContainerInstance | undefined;
  const logged: Array<{ level: string; obj: unknown; msg: string | undefined }> = [];
  const logger: BerthLogger = {
    debug: (obj, msg) => logged.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logged.push({ level: 'error', obj, msg }),
  };

  beforeEach(async () => {
    driver = new MockDriver({ seed: 18 });
    driver.onStats((_id, tick) => ({ cpuPercent: tick < 2 ? 10 : 95 }));
    receiver = await startWebhookReceiver();
    logged.length = 0;
  });

  afterEach(async () => {
    await monitor?.dispose();
    if (container !== undefined) await driver.removeContainer(container.id, { force: true }).catch(() => undefined);
    await driver.dispose();
    await receiver.close();
  });

  it('fires the high-cpu alert once: one log line and one webhook with the alert', async () => {
    const config: ContainerSpec = {
      image: 'busybox:latest',
      command: ['sleep', 'infinity'],
      labels: { 'berth.test': 'monitoring' },
    };

    // ── the seed, as written ──
    monitor = new ContainerMonitor(driver, { logger, intervalMs: 10 });

    monitor.addAlertRule({
      id: 'high-cpu-usage',
      name: 'High CPU Usage',
      condition: (metrics) => metrics.cpu.percentage > 80,
      severity: 'high',
      actions: [{ type: 'log' }, { type: 'webhook', config: { url: `${receiver.url}/alerts` } }],
    });

    container = await driver.createContainer(config);
    await driver.startContainer(container.id);
    monitor.startMonitoring(container);
    // ──

    const [hook] = await receiver.waitFor(1);
    expect(hook?.path).toBe('/alerts');
    expect(hook?.body).toMatchObject({
      version: 1,
      alert: {
        ruleId: 'high-cpu-usage',
        ruleName: 'High CPU Usage',
        severity: 'high',
        state: 'firing',
        containerId: container.id,
        containerName: container.name,
        metrics: { cpu: { percentage: 95 } },
      },
    });
    await monitor.idle();
    expect(logged.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ obj: expect.objectContaining({ alert: 'high-cpu-usage', state: 'firing' }) }),
    ]);
    // later samples (still 95 %) do not fire again: one episode, one notification
    const later = await firstValueFrom(monitor.metrics$.pipe(take(3), toArray()));
    expect(later.map((m) => m.cpu.percentage)).toEqual([95, 95, 95]);
    await monitor.idle();
    expect(receiver.received).toHaveLength(1);
    expect(monitor.firing()).toHaveLength(1);
  });
});
