export * from './hub-metrics.js';
