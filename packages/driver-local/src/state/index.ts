export * from './atomic-write.js';
export * from './records.js';
export * from './state-layout.js';
