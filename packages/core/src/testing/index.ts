/**
 * `@berth/core/testing`: the driver conformance kit. `runDriverConformance(name, makeDriver, options)`
 * defines the jest suite every driver must pass; the helpers (`collect`, `eventually`, `expectError` …)
 * are exported for driver-specific tests. Runs under jest, vitest and `node:test`: the runner is detected
 * (`currentTestRunner`) or given (`useTestRunner`, or `runDriverConformance(…, { runner })`).
 *
 * @packageDocumentation
 */
export * from './capability-gate.js';
export * from './cleanup-tracker.js';
export * from './conformance-context.js';
export * from './conformance-options.js';
export * from './helpers/index.js';
export * from './run-driver-conformance.js';
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
export * from './test-gate.js';
