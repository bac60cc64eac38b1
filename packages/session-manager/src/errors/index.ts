export * from './context-not-found-error.js';
export * from './session-dead-error.js';
