export * from './follow-logs.js';
export * from './log-store.js';
