/**
 * `@berth/driver-mock`: an in-memory, deterministic {@link MockDriver} with a built-in mini shell,
 * scripted behaviour (`onExec`, `onImage`, `onStats`), seeded fault injection (`faults`) and call
 * recording (`calls`) — for unit tests of anything built on Berth.
 *
 * The public API is this explicit list. The driver's collaborators (`CallGate`, `ContainerRegistry`,
 * `ContainerFactory`, `ContainerRuntime`, `ExecRunner`, `MockScripting`, `StatsSampler`, …) stay internal.
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

// ── building blocks exported before this list was explicit, kept so no importer breaks ──
// Candidates to drop from the public API: the mini shell, the virtual filesystem, the seeded random source,
// the call recorder and the exec script table (the driver uses them; a test rarely needs them directly).

export { type FileStore, FsError, VirtualFs } from './fs/index.js';
export { deriveRandom, mulberry32, type Random } from './random/mulberry32.js';
export { CallRecorder } from './recording/index.js';
export { ExecScripts, matchesExec } from './scripting/index.js';
export { BUILTINS, parseScript, ShellProcess, ShellSyntaxError } from './shell/index.js';
