import { DockerDriver } from '@berth/driver-docker';
import { describeDocker } from '@berth/driver-docker/testing';
import { runCrashRecoveryScenario } from '../testing/crash-recovery-scenario.js';

await describeDocker('SessionManager crash recovery (Docker)', () => {
  runCrashRecoveryScenario('docker', () => new DockerDriver(), { driver: 'docker', image: 'berth/runtime:bookworm' });
});
