export * from './connection-from-env.js';
export * from './docker-connection-options.js';
export * from './validate-connection-options.js';
