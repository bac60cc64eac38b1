export * from './deferred-exec-handle.js';
