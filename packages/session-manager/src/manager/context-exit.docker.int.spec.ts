import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runContextExitScenarios } from '../testing/context-exit-scenarios.js';

await describeDocker('context interpreters that exit (Docker)', () => {
  runContextExitScenarios('docker', () => new DockerDriver(), { images: { default: 'berth/runtime:bookworm' } });
});
