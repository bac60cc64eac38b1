/**
 * The driver-interface seed's example programs as the seed writes them (`new DockerDriver()` included), on a real
 * Docker Engine. Fixtures give the host what the seed assumes: its images, its network and `/workspace`.
 */
import type { ContainerDriver } from '@berth/core';
import { DockerDriver } from '@berth/driver-docker';
import { DockerTestRun, describeDocker, holdTestLock, SEED_PORTS_TEST_LOCK } from '@berth/driver-docker/testing';
import {
  prepareSeedFixtures,
  removeSeedFixtures,
  type SeedFixtures,
} from '../testing/driver-interface-seed/docker-seed-fixtures.js';
import { SEED_NETWORK } from '../testing/driver-interface-seed/seed-programs.js';
import { runDriverInterfaceSeed } from '../testing/driver-interface-seed/seed-suite.js';

await describeDocker('driver-interface seed on Docker', () => {
  // use case 4 publishes host ports 8080 and 5432 as written: one file at a time may hold them
  holdTestLock(SEED_PORTS_TEST_LOCK);
  const admin = new DockerDriver();
  const run = new DockerTestRun(admin.docker);
  let fixtures: SeedFixtures | undefined;

  beforeAll(async () => {
    fixtures = await prepareSeedFixtures(admin);
  }, 120_000);

  afterAll(async () => {
    if (fixtures !== undefined) await removeSeedFixtures(admin, fixtures);
    await run.cleanup();
    await admin.dispose();
  }, 120_000);

  async function removeNetwork(): Promise<void> {
    await admin.docker
      .getNetwork(SEED_NETWORK)
      .remove()
      .catch(() => undefined);
  }

  runDriverInterfaceSeed({
    open: async () => {
      await removeNetwork(); // one a failed run left
      await admin.createNetwork({ name: SEED_NETWORK, labels: run.labels });
      return new DockerDriver(); // as the seed writes it
    },
    close: async (driver: ContainerDriver, created: readonly string[]) => {
      for (const id of created) await driver.removeContainer(id, { force: true }).catch(() => undefined);
      await removeNetwork();
      await driver.dispose();
    },
    timeoutMs: 120_000,
  });
});
