import type { Berth } from '@berth/core';
import type { DockerHostPool } from '@berth/driver-docker';
import { describeDocker, holdSecondEngine, MultiEngineTestRun, secondEngineSocket } from '@berth/driver-docker/testing';
import { HubClient } from '../client/index.js';
import { driverConfigFromEnv } from '../config/driver-config-from-env.js';
import { HubServer } from '../server/index.js';
import { hubDrivers } from './hub-drivers.js';
import { openBuiltinDriver } from './open-driver.js';

const IMAGE = 'berth/busybox:latest';

// the second test engine is shared with driver-docker's pool specs: hold it (started, then stopped) for this file
holdSecondEngine();

await describeDocker('berth hub over two Docker engines (BERTH_DOCKER_HOSTS)', () => {
  let berth: Berth;
  let pool: DockerHostPool;
  let hub: HubServer;
  let client: HubClient;
  let run: MultiEngineTestRun | undefined;

  beforeAll(async () => {
    const env = {
      BERTH_DOCKER_HOSTS: JSON.stringify([
        { id: 'main', url: 'unix:///var/run/docker.sock' },
        { id: 'second', connection: { socketPath: secondEngineSocket() } },
      ]),
      MAX_RETRIES: '2',
    };
    const config = await driverConfigFromEnv('docker', env);
    berth = await openBuiltinDriver(config);
    pool = (berth.driver as unknown as { inner: DockerHostPool }).inner;
    const { resilience } = config;
    const drivers = hubDrivers(berth.driver, 'docker', (h) => h);
    expect(resilience).toBeDefined();
    hub = new HubServer({ drivers, config: { port: 0 }, defaultMetrics: false, disposeOnClose: false });
    const { url } = await hub.start();
    client = await HubClient.connect(url);
    // one label for both engines
    run = new MultiEngineTestRun(pool.hostIds.map((id) => pool.host(id).docker));
  }, 120_000);
  afterEach(async () => {
    await run?.cleanup().catch(() => undefined);
  });
  afterAll(async () => {
    await run?.cleanup().catch(() => undefined);
    await client?.close();
    await hub?.close();
    await berth?.dispose();
  }, 120_000);

  it('serves each engine under its host id: listContainers { hostId } lists that host only', async () => {
    const labels = run?.labels ?? {};
    const onSecond = await pool.createContainer({ image: IMAGE, command: ['true'], labels }, { hostId: 'second' });
    const onMain = await pool.createContainer({ image: IMAGE, command: ['true'], labels }, { hostId: 'main' });
    client.send({ type: 'listContainers', hostId: 'second' });
    const second = await client.next((m) => m.type === 'containerList');
    const listed = (second.data as { containers: { id: string; hostId: string }[] }).containers;
    expect(listed.find((c) => c.id === onSecond.id)?.hostId).toBe('second');
    expect(listed.some((c) => c.id === onMain.id)).toBe(false);
    client.send({ type: 'listContainers' });
    const all = await client.next((m) => m.type === 'containerList');
    const both = (all.data as { containers: { id: string; hostId: string }[] }).containers
      .filter((c) => c.id === onSecond.id || c.id === onMain.id)
      .map((c) => c.hostId)
      .sort();
    expect(both).toEqual(['main', 'second']);
  });
});
