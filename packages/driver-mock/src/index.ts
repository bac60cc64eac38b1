/**
 * `@berth/driver-mock`: an in-memory, deterministic {@link MockDriver} with a built-in mini shell,
 * scripted behaviour (`onExec`, `onImage`, `onStats`), seeded fault injection (`faults`) and call
 * recording (`calls`) — for unit tests of anything built on Berth.
 *
 * The public API is this explicit list. The driver's collaborators (`CallGate`, `ContainerRegistry`,
 * `ContainerFactory`, `ContainerRuntime`, `ExecRunner`, `MockScripting`, `StatsSampler`, …) and its building
 * blocks (the mini shell, the virtual filesystem, the seeded random source, the call recorder, the exec script
 * table) stay internal: tests reach them through the driver (`onExec`, `putFiles`, `seed`, `calls`).
 *
 * @packageDocumentation
 */

// ── the driver, its options and its inversify module ──────────────────────────

export { createMockDriver, mockDriverModule } from './di/index.js';
export { MockDriver } from './driver/mock-driver.js';
export type { MockDriverOptions } from './driver/mock-driver-options.js';

// ── test controls: fault injection, recording, scripting, images ─────────────

export type { ErrorFactory, FailNextOptions, FaultDecision, FaultScope, LatencySpec } from './faults/index.js';
export { MockFaults } from './faults/index.js';
export { DEFAULT_MOCK_IMAGES, normalizeImageRef } from './images/index.js';
export type { MockCall } from './recording/index.js';
export type {
  ExecHandler,
  ExecHandlerContext,
  ExecHandlerResult,
  ExecMatcher,
  ImageBehaviour,
} from './scripting/index.js';
export type { StatsGenerator } from './stats/index.js';
