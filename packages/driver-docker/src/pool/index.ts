export * from './deferred-exec-handle.js';
export * from './docker-host-pool.js';
