/**
 * A resilient Docker host pool served by a hub as `berth hub` serves it: the session manager holds
 * `withResilience(pool)`, the hub one `withResilience(pool.host(id))` per host (`hubDrivers`). Calls through the
 * resilient pool reach the host's raw `DockerDriver` without passing the hub's wrapper; they must still be counted
 * in `berth_driver_*` under the host's id, and a call through the hub's wrapper exactly once. Gated on a Docker
 * Engine (skipped with the reason, failing under BERTH_REQUIRE_DOCKER).
 */
import { type BerthLogger, type ContainerDriver, type ResilientDriver, withResilience } from '@berth/core';
import { connectionFromEnv, DockerHostPool } from '@berth/driver-docker';
import { DockerTestRun, describeDocker } from '@berth/driver-docker/testing';
import { Registry } from 'prom-client';
import { hubDrivers } from '../drivers/hub-drivers.js';
import { HubAlertSink } from './hub-alert-sink.js';
import { HubMonitoring } from './hub-monitoring.js';

const silent: BerthLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

await describeDocker('hub monitoring of a resilient Docker host pool', () => {
  let pool: DockerHostPool;
  let resilientPool: ResilientDriver;
  let drivers: Record<string, ContainerDriver>;
  let monitoring: HubMonitoring;
  let registry: Registry;
  let run: DockerTestRun;

  /** `berth_driver_operations_total` of host `main`, by operation (outcome `ok`). */
  async function okCount(operation: string): Promise<number | undefined> {
    const metric = await registry.getSingleMetric('berth_driver_operations_total')?.get();
    return metric?.values.find(
      (v) =>
        v.labels.driver === 'docker' &&
        v.labels.host === 'main' &&
        v.labels.operation === operation &&
        v.labels.outcome === 'ok',
    )?.value;
  }

  beforeAll(async () => {
    pool = await DockerHostPool.connect({ hosts: [{ id: 'main', connection: connectionFromEnv() }] });
    resilientPool = withResilience(pool);
    drivers = hubDrivers(resilientPool, 'docker', (host) => withResilience(host));
    registry = new Registry();
    monitoring = new HubMonitoring({
      registry,
      drivers: new Map(Object.entries(drivers)),
      alerts: new HubAlertSink(() => undefined),
      logger: silent,
    });
    run = new DockerTestRun(pool.host('main').docker);
  });

  afterEach(async () => {
    await run.cleanup();
  });

  afterAll(async () => {
    await monitoring?.close();
    await Promise.all(Object.values(drivers ?? {}).map((d) => (d as ResilientDriver).dispose()));
    await resilientPool?.dispose();
  });

  it("counts the pool's calls under the host id, and a call through the hub's wrapper once", async () => {
    expect(Object.keys(drivers)).toEqual(['main']);
    // the session manager's path: the resilient pool → the pool → the host's raw driver
    const c = await resilientPool.createContainer({
      image: 'berth/busybox:latest',
      command: ['sleep', '60'],
      labels: run.labels,
    });
    expect(c.host).toBe('main');
    await resilientPool.startContainer(c.id);
    await resilientPool.removeContainer(c.id, { force: true });
    expect(await okCount('createContainer')).toBe(1);
    expect(await okCount('startContainer')).toBe(1);
    expect(await okCount('removeContainer')).toBe(1);

    // the hub's path: its own wrapper of the host driver, counted once (not once per layer)
    const before = (await okCount('listContainers')) ?? 0;
    await drivers.main?.listContainers({ labels: run.labels });
    expect(await okCount('listContainers')).toBe(before + 1);

    // and served on the hub's registry with the breakers of the hub's wrapper
    const text = await registry.metrics();
    expect(text).toContain(
      'berth_driver_operations_total{driver="docker",host="main",operation="createContainer",outcome="ok"} 1',
    );
    expect(text).toContain(
      'berth_driver_breaker_state{driver="docker",host="main",group="lifecycle",state="closed"} 1',
    );
  }, 60_000);
});
