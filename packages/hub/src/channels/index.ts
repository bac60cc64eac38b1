export * from './channel.js';
export * from './channel-event.js';
export * from './channel-registry.js';
export * from './log-batch.js';
export * from './ring-buffer.js';
