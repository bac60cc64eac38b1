export * from './client-connection.js';
export * from './cork-batch.js';
