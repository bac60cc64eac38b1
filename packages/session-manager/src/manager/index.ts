export * from './session-manager.js';
export * from './session-manager-types.js';
