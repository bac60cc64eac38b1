import { runDriverConformance } from '@berth/core/testing';
import { DockerDriver } from './docker-driver.js';
import { describeSkipped, dockerAvailable, dockerRequired } from './testing/docker-test-gate.js';

const available = await dockerAvailable();
if (available || dockerRequired()) {
  await runDriverConformance('docker', () => DockerDriver.connect(), {
    image: 'berth/busybox:latest',
    labels: { 'berth.test': 'conformance' },
    timeoutMs: 60_000,
  });
} else {
  describeSkipped('docker driver conformance', 'no Docker Engine (set BERTH_REQUIRE_DOCKER=1 to fail instead)');
}
