export * from './hub-operations.js';
export * from './session-control.js';
