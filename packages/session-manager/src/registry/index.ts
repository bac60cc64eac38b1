export * from './expiry-index.js';
export * from './session-record.js';
export * from './session-registry.js';
