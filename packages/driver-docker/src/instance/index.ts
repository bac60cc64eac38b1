export * from './to-container-instance.js';
