/**
 * `@berth/core/testing`: the driver conformance kit. `runDriverConformance(name, makeDriver, options)`
 * defines the jest suite every driver must pass; the helpers (`collect`, `eventually`, `expectError` …)
 * are exported for driver-specific tests. Requires jest (it imports `@jest/globals`).
 *
 * @packageDocumentation
 */
export * from './capability-gate.js';
export * from './cleanup-tracker.js';
export * from './conformance-context.js';
export * from './conformance-options.js';
export * from './helpers/index.js';
export * from './run-driver-conformance.js';
