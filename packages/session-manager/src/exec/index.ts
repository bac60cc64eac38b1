export * from './deferred-exec-handle.js';
export * from './stream-output-lines.js';
