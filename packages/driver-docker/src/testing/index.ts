/**
 * `@berth/driver-docker/testing`: helpers for test suites that need a real Docker Engine, the second test engine
 * or the two-node test swarm — gates that skip (or fail under `BERTH_REQUIRE_DOCKER`), per-file runs that clean
 * up after themselves, and the locks that serialise files sharing an engine.
 *
 * @packageDocumentation
 */

export { MAX_CPU_SHARES, withCpuPriority } from './cpu-priority.js';
export { type DockerTestDriver, useDockerTestDriver } from './docker-test-driver.js';
export {
  describeDocker,
  describeSkipped,
  dockerAvailable,
  dockerRequired,
  REQUIRE_DOCKER_ENV,
} from './docker-test-gate.js';
export {
  DockerTestRun,
  TEST_RUN_LABEL,
} from './docker-test-run.js';
export { MultiEngineTestRun } from './multi-engine-test-run.js';
export {
  holdSecondEngine,
  SECOND_ENGINE_TEST_LOCK,
  secondEngine,
  secondEngineSocket,
} from './second-engine.js';
export { describeSwarm, findTestSwarm, swarmWorkerSocket, type TestSwarm } from './swarm-test-gate.js';
export {
  acquireSwarmTestLock,
  holdSwarmTestLock,
  holdTestLock,
  SEED_PORTS_TEST_LOCK,
  SWARM_TEST_LOCK,
  type SwarmTestLockOptions,
} from './swarm-test-lock.js';
