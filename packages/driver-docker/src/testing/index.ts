export * from './docker-test-gate.js';
export * from './docker-test-run.js';
export * from './second-engine.js';
