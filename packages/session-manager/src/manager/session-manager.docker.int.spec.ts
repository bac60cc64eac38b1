import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runSessionScenarios } from '../testing/session-scenarios.js';

const IMAGE = 'berth/runtime:bookworm';

await describeDocker('SessionManager (Docker)', () => {
  runSessionScenarios('docker', () => new DockerDriver(), {
    poolImage: IMAGE,
    managerOptions: { images: { default: IMAGE } },
  });
});
