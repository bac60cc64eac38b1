export * from './local-driver-options.js';
