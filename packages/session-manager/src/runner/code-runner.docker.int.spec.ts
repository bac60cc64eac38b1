import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runCodeRunnerScenarios } from '../testing/code-runner-scenarios.js';

await describeDocker('code runner (Docker)', () => {
  runCodeRunnerScenarios('docker', () => new DockerDriver(), { images: { default: 'berth/runtime:bookworm' } });
});
