/**
 * The driver-interface seed's monitoring example on Docker: a real container burning CPU (two busy loops in
 * `berth/busybox`) must make the seed's high-CPU rule fire, with a log line and a webhook to a loopback receiver,
 * while an idle container monitored alongside never fires. Gated on a Docker Engine (skipped with the reason,
 * failing under BERTH_REQUIRE_DOCKER).
 *
 * The threshold is {@link BUSY_PERCENT}, not the seed's 80: 80 % of a core assumes a core to spare, and test
 * machines are shared (load above the core count), where a busy loop gets 25–35 %. 15 still separates a busy loop
 * from an idle container (about 0 %, which the idle control checks). The seed's rule with 80 runs as written in
 * `seed-example.mock.spec.ts`.
 */
const BUSY_PERCENT = 15;

import type { BerthLogger } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { filter, firstValueFrom } from 'rxjs';
import { ContainerMonitor } from './index.js';
import { startWebhookReceiver, type WebhookReceiver } from './testing/index.js';

await describeDocker('seed monitoring example (Docker, CPU-burning container)', () => {
  let driver: DockerDriver;
  let run: DockerTestRun;
  let receiver: WebhookReceiver;
  let monitor: ContainerMonitor | undefined;
  const warnings: unknown[] = [];
  const logger: BerthLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj) => warnings.push(obj),
    error: () => undefined,
  };

  beforeAll(async () => {
    driver = await DockerDriver.connect();
    run = new DockerTestRun(driver.docker);
  });

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
  });

  afterEach(async () => {
    await monitor?.dispose();
    await receiver.close();
    await run.cleanup();
  });

  afterAll(async () => {
    await driver.dispose();
  });

  it('fires high-cpu-usage for a busy-loop container: log + webhook with its id and the CPU sample', async () => {
    const config = {
      image: 'berth/busybox:latest',
      command: ['sh', '-c', 'while :; do :; done & while :; do :; done'],
      labels: run.labels,
    };

    monitor = new ContainerMonitor(driver, { logger, intervalMs: 500 });

    monitor.addAlertRule({
      id: 'high-cpu-usage',
      name: 'High CPU Usage',
      condition: (metrics) => metrics.cpu.percentage > BUSY_PERCENT,
      severity: 'high',
      actions: [{ type: 'log' }, { type: 'webhook', config: { url: `${receiver.url}/alerts` } }],
    });

    const container = await driver.createContainer(config);
    await driver.startContainer(container.id);
    monitor.startMonitoring(container);

    const idle = await driver.createContainer({ ...config, command: ['sleep', '600'] });
    await driver.startContainer(idle.id);
    monitor.startMonitoring(idle);
    const idleSampled = firstValueFrom(monitor.metrics$.pipe(filter((m) => m.containerId === idle.id)));

    const [hook] = await receiver.waitFor(1);
    const body = hook?.body as {
      alert: { state: string; containerId: string; metrics: { cpu: { percentage: number } } };
    };
    expect(body.alert).toMatchObject({ state: 'firing', containerId: container.id });
    expect(body.alert.metrics.cpu.percentage).toBeGreaterThan(BUSY_PERCENT);
    await monitor.idle();
    expect(warnings).toEqual([
      expect.objectContaining({ alert: 'high-cpu-usage', state: 'firing', containerId: container.id }),
    ]);

    // the idle container was sampled and never fired
    expect((await idleSampled).cpu.percentage).toBeLessThan(BUSY_PERCENT);
    expect(monitor.firing().map((a) => a.containerId)).toEqual([container.id]);

    // stopping the container ends the episode: stats$ completes, the alert resolves
    const resolved = new Promise<string | undefined>((resolve) => {
      monitor?.alerts$.subscribe((a) => {
        if (a.state === 'resolved') resolve(a.reason);
      });
    });
    await driver.stopContainer(container.id, { timeoutMs: 0 });
    expect(await resolved).toBe('stopped');
    const [, second] = await receiver.waitFor(2);
    expect(second?.body).toMatchObject({ alert: { state: 'resolved', containerId: container.id } });
  }, 60_000);
});
