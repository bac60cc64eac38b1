import { DockerDriver, describeDocker } from '@berth/driver-docker';
import { runCrashRecoveryScenario } from '../testing/crash-recovery-scenario.js';

await describeDocker('SessionManager crash recovery (Docker)', () => {
  runCrashRecoveryScenario('docker', () => new DockerDriver(), { driver: 'docker', image: 'berth/runtime:bookworm' });
});
