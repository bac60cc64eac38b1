export * from './session-manager-module.js';
