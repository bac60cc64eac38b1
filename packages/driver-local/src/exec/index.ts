export * from './exec-frames.js';
export * from './exec-process.js';
export * from './run-exec.js';
export * from './spawn-direct.js';
export * from './spawn-supervised.js';
