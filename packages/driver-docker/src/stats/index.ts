export * from './compute-stats.js';
export * from './container-stats.js';
export * from './docker-stats-payload.js';
export * from './json-object-splitter.js';
