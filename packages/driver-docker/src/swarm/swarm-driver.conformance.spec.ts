import { runDriverConformance } from '@berth/core/testing';
import { describeSkipped, dockerRequired } from '../testing/docker-test-gate.js';
import { findTestSwarm } from '../testing/swarm-test-gate.js';
import { holdSwarmTestLock } from '../testing/swarm-test-lock.js';
import { SwarmDriver } from './swarm-driver.js';

const swarm = await findTestSwarm();
if (swarm !== undefined || dockerRequired()) {
  // other test files drain and kill swarm nodes: hold the swarm for this file alone
  holdSwarmTestLock();
  await runDriverConformance(
    'swarm',
    async () => {
      const found = swarm ?? (await findTestSwarm());
      if (found === undefined) throw new Error('the test swarm is not up: run bash scripts/swarm-up.sh');
      return SwarmDriver.connect(found.options);
    },
    { image: 'berth/busybox:latest', labels: { 'berth.test': 'swarm-conformance' }, timeoutMs: 90_000 },
  );
} else {
  describeSkipped('swarm driver conformance', 'the test swarm is not up (bash scripts/swarm-up.sh)');
}
