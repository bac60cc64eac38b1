export * from './run-exec.js';
