/**
 * `@berth/core`: the `ContainerDriver` contract, typed errors, validation, observable helpers,
 * resilience (`withResilience`) and dependency injection (`BERTH`, `createBerth`).
 * The conformance kit is in `@berth/core/testing`.
 *
 * @packageDocumentation
 */
export * from './contract/index.js';
export * from './di/index.js';
export * from './errors/index.js';
export * from './exec/index.js';
export * from './observables/index.js';
export * from './resilience/index.js';
export * from './validation/index.js';
