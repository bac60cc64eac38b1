export * from './container-metrics.js';
