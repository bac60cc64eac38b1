export * from './mock-driver-module.js';
