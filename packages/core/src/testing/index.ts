/**
 * `@berth/core/testing`: the driver conformance kit. `runDriverConformance(name, makeDriver, options)`
 * defines the jest suite every driver must pass; the helpers (`collect`, `eventually`, `expectError` …)
 * are exported for driver-specific tests. Runs under jest, vitest and `node:test`: the runner is detected
 * (`currentTestRunner`) or given (`useTestRunner`, or `runDriverConformance(…, { runner })`).
 *
 * @packageDocumentation
 */

export type { CapabilityName } from './capability-gate.js';
export {
  describeWith,
  hasCapability,
  skipReason,
} from './capability-gate.js';
export { CleanupTracker } from './cleanup-tracker.js';
export type {
  ConformanceContext,
  ConformanceContextInit,
} from './conformance-context.js';
export {
  CONFORMANCE_LABEL,
  createConformanceContext,
  newRunId,
} from './conformance-context.js';
export type { ConformanceOptions } from './conformance-options.js';
export type {
  CollectOptions,
  ErrorClass,
  EventuallyOptions,
} from './helpers/index.js';
export {
  CPU_BURNER,
  collect,
  countActiveResources,
  delay,
  diskFiller,
  eventually,
  expectError,
  forkBomb,
  grownResources,
  hasSettled,
  IGNORES_TERM,
  LEAKABLE_RESOURCES,
  memoryHog,
  settledResources,
  termHandler,
} from './helpers/index.js';
export type { DriverFactory } from './run-driver-conformance.js';
export {
  DEFAULT_CONFORMANCE_IMAGE,
  DEFAULT_CONFORMANCE_TIMEOUT_MS,
  runDriverConformance,
} from './run-driver-conformance.js';
export {
  currentTestRunner,
  type DescribeFunction,
  type HookFunction,
  type ItFunction,
  nodeTestRunner,
  type TestBody,
  type TestRunner,
  useTestRunner,
} from './runner/index.js';
export type { TestGateOptions } from './test-gate.js';
export {
  describeWhen,
  envFlagSet,
} from './test-gate.js';
