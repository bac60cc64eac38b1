export * from './default-stats.js';
export * from './stats-generator.js';
export * from './stats-sampler.js';
