/**
 * The driver-interface seed's monitoring example on Docker: a real container burning CPU (two busy loops in
 * `berth/busybox`) must make the seed's `cpu.percentage > 80` rule fire, with a log line and a webhook to a
 * loopback receiver. Gated on a Docker Engine (skipped with the reason, failing under BERTH_REQUIRE_DOCKER).
 */
import type { BerthLogger } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
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
      condition: (metrics) => metrics.cpu.percentage > 80,
      severity: 'high',
      actions: [{ type: 'log' }, { type: 'webhook', config: { url: `${receiver.url}/alerts` } }],
    });

    const container = await driver.createContainer(config);
    await driver.startContainer(container.id);
    monitor.startMonitoring(container);

    const [hook] = await receiver.waitFor(1);
    const body = hook?.body as {
      alert: { state: string; containerId: string; metrics: { cpu: { percentage: number } } };
    };
    expect(body.alert).toMatchObject({ state: 'firing', containerId: container.id });
    expect(body.alert.metrics.cpu.percentage).toBeGreaterThan(80);
    await monitor.idle();
    expect(warnings).toEqual([
      expect.objectContaining({ alert: 'high-cpu-usage', state: 'firing', containerId: container.id }),
    ]);

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
