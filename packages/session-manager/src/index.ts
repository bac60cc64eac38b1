/**
 * `@berth/session-manager`: agent sessions on any Berth driver — create, execute code (python,
 * javascript, typescript, bash), stateful interpreter contexts, files, logs, TTL and idle reaping,
 * a warm pool, and crash recovery from container labels.
 *
 * @packageDocumentation
 */
export * from './code/index.js';
export * from './concurrency/index.js';
export * from './context/index.js';
export * from './di/index.js';
export * from './errors/index.js';
export * from './lifecycle/index.js';
export * from './manager/index.js';
export * from './options/index.js';
export * from './pool/index.js';
export * from './recovery/index.js';
export * from './session/index.js';
