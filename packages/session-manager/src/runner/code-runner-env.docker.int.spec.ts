import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runCodeRunnerEnvScenarios } from '../testing/code-runner-env-scenarios.js';

await describeDocker('code runner startup env (Docker)', () => {
  runCodeRunnerEnvScenarios('docker', () => new DockerDriver(), { images: { default: 'berth/runtime:bookworm' } });
});
