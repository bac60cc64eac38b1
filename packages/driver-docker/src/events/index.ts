export * from './engine-event-stream.js';
export * from './to-driver-event.js';
