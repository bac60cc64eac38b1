import { DockerDriver, describeDocker } from '@berth/driver-docker';
import { runSessionScenarios } from '../testing/session-scenarios.js';

const IMAGE = 'berth/runtime:bookworm';

await describeDocker('SessionManager (Docker)', () => {
  runSessionScenarios('docker', () => new DockerDriver(), {
    poolImage: IMAGE,
    managerOptions: { images: { default: IMAGE } },
  });
});
