export * from './docker-driver-module.js';
