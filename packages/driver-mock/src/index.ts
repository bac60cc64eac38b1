/**
 * `@berth/driver-mock`: an in-memory, deterministic {@link MockDriver} with a built-in mini shell,
 * scripted behaviour (`onExec`, `onImage`, `onStats`), seeded fault injection (`faults`) and call
 * recording (`calls`) — for unit tests of anything built on Berth.
 *
 * @packageDocumentation
 */

export * from './di/index.js';
export * from './driver/mock-driver.js';
export * from './driver/mock-driver-options.js';
export * from './faults/index.js';
export { type FileStore, FsError, VirtualFs } from './fs/index.js';
export { DEFAULT_MOCK_IMAGES, normalizeImageRef } from './images/index.js';
export * from './random/mulberry32.js';
export * from './recording/index.js';
export * from './scripting/index.js';
export { BUILTINS, parseScript, ShellProcess, ShellSyntaxError } from './shell/index.js';
export type { StatsGenerator } from './stats/index.js';
