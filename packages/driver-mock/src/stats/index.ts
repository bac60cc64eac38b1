export * from './default-stats.js';
export * from './stats-generator.js';
