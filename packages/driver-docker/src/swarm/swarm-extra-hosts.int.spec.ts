import { ValidationError } from '@berth/core';
import { expectError } from '@berth/core/testing';
import { afterAll, afterEach, beforeAll, expect, it, jest } from '@jest/globals';
import { describeSwarm } from '../testing/swarm-test-gate.js';
import { holdSwarmTestLock } from '../testing/swarm-test-lock.js';
import { SwarmDriver } from './swarm-driver.js';

const IMAGE = 'berth/busybox:latest';

jest.setTimeout(120_000);

await describeSwarm(`${SwarmDriver.name}: extraHosts and no-new-privileges`, (swarm) => {
  const labels = { 'berth.test': `swarm-hosts-${Date.now().toString(36)}` };
  let driver: SwarmDriver;

  holdSwarmTestLock();
  beforeAll(async () => {
    driver = await SwarmDriver.connect(swarm.options);
  });
  afterEach(async () => {
    const left = await driver.listContainers({ labels });
    await Promise.all(left.map((c) => driver.removeContainer(c.id, { force: true }).catch(() => undefined)));
  });
  afterAll(async () => {
    await driver?.dispose();
  });

  it("a task's /etc/hosts maps host.docker.internal (host-gateway) to an address, and a fixed entry to its own", async () => {
    const c = await driver.createContainer({
      image: IMAGE,
      command: ['sleep', '120'],
      labels,
      extraHosts: ['host.docker.internal:host-gateway', 'kit-db.internal:10.11.12.13'],
    });
    await driver.startContainer(c.id);
    const hosts = (await driver.exec(c.id, { command: ['cat', '/etc/hosts'] })).stdout;
    expect(hosts).toMatch(/^10\.11\.12\.13\s+kit-db\.internal$/m);
    // host-gateway became an address (the node engine's gateway), not the literal word
    expect(hosts).toMatch(/^\d+\.\d+\.\d+\.\d+\s+host\.docker\.internal$/m);
    expect(hosts).not.toContain('host-gateway');
  });

  it("refuses the seed's securityOpts: ['no-new-privileges'] with a ValidationError naming that entry, creating nothing", async () => {
    const err = await expectError(
      () => driver.createContainer({ image: IMAGE, labels, securityOpts: ['no-new-privileges'] }),
      ValidationError,
    );
    expect(err.issues.map((i) => i.path)).toEqual(['securityOpts.0']);
    expect(await driver.listContainers({ labels })).toEqual([]);
    expect((await driver.healthCheck()).details['securityGaps']).toEqual([
      'no-new-privileges (not settable on services before API 1.44)',
    ]);
  });
});
