export * from './client-messages.js';
export * from './close-codes.js';
export * from './encode.js';
export * from './host-messages.js';
export * from './parse-client-message.js';
export * from './producer-event.js';
export * from './seed-messages.js';
export * from './server-messages.js';
