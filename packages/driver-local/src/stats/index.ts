export * from './sample-stats.js';
