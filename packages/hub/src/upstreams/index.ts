export * from './container-upstream.js';
export * from './session-upstream.js';
export * from './to-hub-error.js';
