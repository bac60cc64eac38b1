export * from './local-driver-module.js';
