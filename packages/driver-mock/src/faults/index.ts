export * from './mock-faults.js';
