export * from './code-output-stream.js';
export * from './context-operations.js';
export * from './hub-operations.js';
export * from './session-control.js';
