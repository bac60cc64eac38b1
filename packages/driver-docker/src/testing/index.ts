export * from './docker-test-gate.js';
