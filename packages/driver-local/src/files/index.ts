export * from './container-file-io.js';
export * from './file-errors.js';
export * from './open-in-container.js';
export * from './resolve-container-path.js';
