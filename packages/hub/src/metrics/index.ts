export * from './hub-alert-sink.js';
export * from './hub-metrics.js';
export * from './hub-monitoring.js';
