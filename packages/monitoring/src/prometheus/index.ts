export * from './instrument-driver.js';
export * from './monitoring-metrics.js';
export * from './observe-sessions.js';
export * from './operation-outcome.js';
