export * from './serial-queue.js';
export * from './slot-limiter.js';
