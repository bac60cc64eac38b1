/**
 * `@berth/core`: the `ContainerDriver` contract, typed errors, validation, observable helpers, the health-check loop,
 * resilience (`withResilience`) and dependency injection (`BERTH`, `createBerth`).
 * The conformance kit is in `@berth/core/testing`.
 *
 * Each folder's `index.ts` lists its public names explicitly, once; this entry point re-exports those barrels and
 * nothing else. Building blocks used across files (`splitDriverConfig`, `linkAbort`, `boundIssues`, ...) are
 * imported from their own files and stay out of the barrels. `index.spec.ts` pins the exact public list.
 *
 * @packageDocumentation
 */

export * from './auth/index.js';
export * from './concurrency/index.js';
export * from './contract/index.js';
export * from './di/index.js';
export * from './errors/index.js';
export * from './exec/index.js';
export * from './health/index.js';
export * from './observables/index.js';
export * from './resilience/index.js';
export * from './validation/index.js';
