export * from './cgroup-test-gate.js';
