export * from './file-store.js';
export * from './fs-error.js';
export * from './posix-path.js';
export { DEFAULT_DIRS, VirtualFs, type WriteOptions } from './virtual-fs.js';
