export * from './run-tracker.js';
export * from './stream-output-lines.js';
