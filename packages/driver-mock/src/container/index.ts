export * from './describe-status.js';
export * from './health-monitor.js';
export * from './mock-container.js';
export * from './run-exec.js';
