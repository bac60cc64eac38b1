export * from './client-connection.js';
export * from './cork-batch.js';
export * from './inbound-queue.js';
